package io.cairn.server.health;

import io.cairn.api.time.Ticker;
import io.cairn.core.model.Check;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Health;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * Probes an active check once, without blocking: HTTP GET (2xx passing, 429 warning, anything
 * else, an error or no answer within the check's timeout critical; redirects are not followed) or
 * a TCP connect (connected passing). What a probe's answer means lives here; when to probe and
 * what to write is {@link CheckRunner}'s.
 *
 * <p>{@link #probe} is called from a check's timer, on a Vert.x event loop; its future completes
 * on an event loop, once the check's timeout has run out at the latest. A result carries the
 * time it came, on the injected ticker.
 */
final class Prober implements AutoCloseable {

    private final Vertx vertx;
    private final Ticker ticker;
    private final HttpClient http;
    private final NetClient tcp;

    Prober(Vertx vertx, Ticker ticker) {
        this.vertx = vertx;
        this.ticker = ticker;
        // One connection per probe, closed after it: a pooled connection would hide a dead
        // listener behind a socket that is still open.
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        this.tcp = vertx.createNetClient(new NetClientOptions());
    }

    /** One probe of an HTTP or TCP check. */
    Future<CheckResult> probe(Check check) {
        return check.type() == CheckType.HTTP ? httpProbe(check) : tcpProbe(check);
    }

    /** A probe that failed outright: critical, with the cause as its output. */
    CheckResult failed(Check check, Throwable cause) {
        return result(Health.CRITICAL, failure(check, cause));
    }

    private CheckResult result(Health health, String output) {
        return new CheckResult(health, output, ticker.nanos());
    }

    private CheckResult timedOut(Check check) {
        return result(Health.CRITICAL, "no answer within " + check.timeoutMillis() + " ms");
    }

    /**
     * A failed probe's output: the cause's message, prefixed with the target unless it names it
     * already (the JDK's connect errors name the address, the native transports' do not).
     */
    private static String failure(Check check, Throwable cause) {
        String message = cause.getMessage();
        String reason = message == null ? cause.getClass().getSimpleName() : message;
        return reason.contains(check.target()) ? reason : check.target() + ": " + reason;
    }

    private Future<CheckResult> httpProbe(Check check) {
        Promise<CheckResult> done = Promise.promise();
        long timer = vertx.setTimer(check.timeoutMillis(), t -> done.tryComplete(timedOut(check)));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(check.target())
                .setConnectTimeout(check.timeoutMillis()).setIdleTimeout(check.timeoutMillis())
                .setFollowRedirects(false);
        http.request(options).compose(req -> {
            // Closing the connection below fails the request and response streams; that is the
            // plan, not an error, and unhandled it would be logged at ERROR on every probe.
            req.exceptionHandler(ignored -> { });
            return req.send();
        }).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.failed()) {
                done.tryComplete(result(Health.CRITICAL, failure(check, ar.cause())));
                return;
            }
            int status = ar.result().statusCode();
            // Only the status matters: drop the connection rather than read a body of any size.
            ar.result().exceptionHandler(ignored -> { });
            ar.result().request().connection().close();
            done.tryComplete(result(status >= 200 && status < 300 ? Health.PASSING
                    : status == 429 ? Health.WARNING : Health.CRITICAL, "HTTP " + status));
        });
        return done.future();
    }

    private Future<CheckResult> tcpProbe(Check check) {
        Promise<CheckResult> done = Promise.promise();
        long timer = vertx.setTimer(check.timeoutMillis(), t -> done.tryComplete(timedOut(check)));
        int colon = check.target().lastIndexOf(':');
        String host = check.target().substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(check.target().substring(colon + 1));
        tcp.connect(port, host).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                ar.result().close();
                done.tryComplete(result(Health.PASSING, "connected to " + check.target()));
            } else {
                done.tryComplete(result(Health.CRITICAL, failure(check, ar.cause())));
            }
        });
        return done.future();
    }

    /** Closes the probes' HTTP and TCP clients. */
    @Override
    public void close() {
        http.close();
        tcp.close();
    }
}
