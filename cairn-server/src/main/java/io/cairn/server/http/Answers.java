package io.cairn.server.http;

import io.cairn.api.ApiError;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.Printable;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.partition.PartitionUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes answers and errors: a {@link Reply} as JSON with its index
 * headers, and every failure (a typed exception from a route, a failure of the router or of
 * reading the request) as a JSON {@link ApiError}. Nothing else in this package ends a response,
 * except the watch streams, which own theirs.
 *
 * <p>Its {@link #failed} is the router's only failure handler, so that no failure, however it
 * arose, falls through to Vert.x's default answer (which once answered a malformed chunked body
 * {@code 200 OK}).
 */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);
    static final String INDEX_HEADER = "X-Cairn-Index";
    /** On reads of a namespace whose expiry is paused (docs/api.md, "Protection against mass expiry"). */
    static final String PROTECTED_HEADER = "X-Cairn-Expiry-Protected";
    /** The namespace a read answers for, so that send() can mark a protected one. */
    static final String READ_NAMESPACE = "cairn.read-namespace";
    static final String JSON = "application/json";

    private final RequestJson json;
    private final HealthMonitor health;
    private final int maxBodyBytes;
    private final BiPredicate<RoutingContext, PartitionUnavailableException> elsewhere;

    /**
     * @param elsewhere given the chance to take over a request that failed because its partition
     *     is led elsewhere (the cluster's {@code Forwarder#retryElsewhere}): true when it did, and
     *     then answers it itself
     */
    Answers(RequestJson json, HealthMonitor health, int maxBodyBytes,
            BiPredicate<RoutingContext, PartitionUnavailableException> elsewhere) {
        this.json = json;
        this.health = health;
        this.maxBodyBytes = maxBodyBytes;
        this.elsewhere = elsewhere;
    }

    /** Runs an action and answers on the request's own context, whichever thread completes it. */
    void handle(RoutingContext ctx, Reply.Action action) {
        Context context = Vertx.currentContext();
        CompletableFuture<Reply> future;
        try {
            future = action.run();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Reply> pending = future;
        if (pending.isDone()) {
            finish(ctx, pending);
        } else {
            pending.whenComplete((r, e) -> context.runOnContext(v -> finish(ctx, pending)));
        }
    }

    private void finish(RoutingContext ctx, CompletableFuture<Reply> future) {
        if (ctx.response().closed()) {
            return; // the client left while a blocking read was held
        }
        Reply reply;
        try {
            reply = future.join();
        } catch (CompletionException e) {
            error(ctx, e.getCause());
            return;
        } catch (RuntimeException e) {
            error(ctx, e);
            return;
        }
        if (reply.location() != null) {
            ctx.response().putHeader(HttpHeaders.LOCATION, reply.location());
        }
        send(ctx, reply.status(), reply.index(), reply.body());
    }

    /** Answers a route's exception: typed ones as documented, anything else as a logged 500. */
    void error(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiException a) {
            fail(ctx, a.status(), a.code(), a.getMessage(), a.field());
        } else if (e instanceof InvalidFieldException f) {
            fail(ctx, 400, "invalid_field", f.getMessage(), f.field());
        } else if (e instanceof HttpException h && h.getStatusCode() >= 400 && h.getStatusCode() < 500) {
            // Vert.x decodes the query string lazily, inside our handlers: a bad %-escape there
            // is the client's error, not ours.
            fail(ctx, h.getStatusCode(), "bad_request", unparsable(h), null);
        } else if (e instanceof PartitionUnavailableException u) {
            if (elsewhere.test(ctx, u)) {
                return;
            }
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            fail(ctx, 503, "unavailable", u.getMessage(), null);
        } else if (brokenRequest(e)) {
            fail(ctx, 400, "bad_request", "the request could not be read: " + e.getMessage(), null);
        } else {
            LOG.error("event=request-failed method={} path={}", ctx.request().method(), ctx.request().path(), e);
            fail(ctx, 500, "internal", "internal error", null);
        }
    }

    /** The router's failure handler: a status the router or a handler failed with, or an exception. */
    void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        Throwable failure = ctx.failure();
        if (ctx.response().closed()) {
            return; // the client is gone (e.g. it left mid-body): there is no one to answer
        }
        if (status == 413) {
            fail(ctx, 413, "body_too_large", "the request body is larger than " + maxBodyBytes + " bytes", null);
        } else if (status >= 400 && status < 500) {
            fail(ctx, status, "bad_request", unparsable(failure), null);
        } else if (failure != null) {
            error(ctx, failure);
        } else {
            LOG.error("event=request-failed method={} path={} status={}", ctx.request().method(), ctx.request().path(),
                    status);
            fail(ctx, 500, "internal", "internal error", null);
        }
    }

    /**
     * Whether the request itself could not be decoded: Netty's HTTP decoder reports a malformed
     * chunk size or header as an exception on the request stream, which the router then sees as a
     * failure of whichever handler was reading the body.
     */
    private static boolean brokenRequest(Throwable e) {
        if (e.getClass().getName().startsWith("io.netty.handler.codec.")) {
            return true; // DecoderException and its kin
        }
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.netty.handler.codec.http.");
    }

    /** "the request could not be parsed", with the root cause (e.g. a bad %-escape) when known. */
    static String unparsable(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root == null || root == failure || root.getMessage() == null ? "" : ": " + root.getMessage();
        return "the request could not be parsed" + detail;
    }

    void send(RoutingContext ctx, int status, long index, Object body) {
        HttpServerResponse response = ctx.response();
        byte[] bytes;
        try {
            // A byte[] body is an answer encoded earlier (ServiceAnswerCache).
            bytes = body instanceof byte[] encoded ? encoded : json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(ctx, e);
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        if (index >= 0) {
            response.putHeader(INDEX_HEADER, Long.toString(index));
        }
        String readNamespace = ctx.get(READ_NAMESPACE);
        if (readNamespace != null && health.isProtected(readNamespace)) {
            // The list is served as last known: expiry is paused there (checked when answering,
            // so a blocking read that waited across the change says how it is now).
            response.putHeader(PROTECTED_HEADER, "true");
        }
        end(ctx, Buffer.buffer(bytes));
    }

    /** Sends a text answer that is not JSON (the metrics scrape). */
    void sendText(RoutingContext ctx, String contentType, String text) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        end(ctx, Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    void fail(RoutingContext ctx, int status, String code, String message, String field) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        byte[] bytes;
        try {
            // The last line of defence for "never echo control characters": a message may quote
            // client text that a library (Jackson, Vert.x) put in it.
            bytes = json.mapper().writeValueAsBytes(new ApiError(code, message == null ? null
                    : Printable.escape(message), field == null ? null : Printable.escape(field)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            bytes = ("{\"error\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        end(ctx, Buffer.buffer(bytes));
    }

    /**
     * Ends the response. A HEAD answer carries the GET's headers, Content-Length included, and
     * no body (RFC 9110, 9.3.2).
     */
    private static void end(RoutingContext ctx, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            response.end(body);
        }
    }
}
