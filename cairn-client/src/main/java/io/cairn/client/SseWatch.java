package io.cairn.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.ApiError;
import io.cairn.api.time.Cancellable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One self-reconnecting server-sent event stream: connecting, reading line by line, noticing a
 * silent connection, and reconnecting with jittered backoff on the next registry address. What the
 * stream asks for and what its events mean belong to the subclass ({@link ServiceWatch}: one
 * service; {@link ServiceSetWatch}: many services on one stream).
 *
 * <p>Threading: the HTTP callbacks ({@code java.net.http} threads) only hand what they receive
 * to the client's single watch thread ({@code loop}); everything else (the current connection,
 * the parser, timers, failure count, listener calls) is confined to that thread, so there are
 * no locks. Only {@code closed} (and what subclasses publish) is read from other threads. Lines are
 * requested one at a time after the previous one was handled, so a slow listener holds back the
 * socket rather than fill memory (the registry then cuts the stream and the watch resumes).
 */
abstract class SseWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SseWatch.class);

    private final HttpClient http;
    private final Endpoints endpoints;
    private final Duration headerTimeout;
    final ObjectMapper json;
    final ClientLoop loop;
    private final WatchOptions options;
    private final Consumer<SseWatch> onClose;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String token;

    // Confined to the loop thread.
    private Connection current;
    private Cancellable retry;
    private int failures;
    private long retryHintMillis = -1;

    /** @param token the secret sent as {@code Authorization: Bearer}, or null */
    SseWatch(HttpClient http, String token, Endpoints endpoints, Duration headerTimeout, ObjectMapper json,
            ClientLoop loop, WatchOptions options, Consumer<SseWatch> onClose) {
        this.http = http;
        this.token = token;
        this.endpoints = endpoints;
        this.headerTimeout = headerTimeout;
        this.json = json;
        this.loop = loop;
        this.options = options;
        this.onClose = onClose;
    }

    /**
     * The request for a new connection to {@code base}: path, query and headers, saying where
     * the watcher is (loop thread).
     */
    abstract HttpRequest.Builder request(URI base);

    /**
     * One event of the open stream (loop thread). Returns false when it shows a gap (a change
     * whose {@code previous} is not the last revision delivered): the stream is then abandoned and
     * reopened at once, after the subclass noted what to ask for again.
     */
    abstract boolean event(SseEvent event) throws IOException;

    /** A stream opened: tell the listener(s) (loop thread). */
    abstract void opened();

    /** The stream dropped or could not be opened; a retry follows (loop thread). */
    abstract void lost(Throwable cause);

    /** For logs. */
    abstract String describe();

    void start() {
        loop.execute(this::connect);
    }

    boolean isClosed() {
        return closed.get();
    }

    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public void close() {
        end(null);
    }

    /**
     * Whether a connection is open or being opened (loop thread); false while waiting out a
     * backoff, whose retry will ask afresh anyway.
     */
    boolean hasConnection() {
        return current != null;
    }

    /** Reopens the stream now (loop thread): the subclass changed what it asks for. */
    void reconnect() {
        if (closed.get()) {
            return;
        }
        if (current != null) {
            current.cancel();
            current = null;
        }
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
        connect();
    }

    /** Stops for good: normally ({@code cause} null) or because of {@code cause}. */
    void end(Throwable cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.accept(this);
        loop.execute(this::release);
        if (cause == null) {
            terminated.complete(null);
        } else {
            terminated.completeExceptionally(cause);
        }
    }

    private void release() {
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
        if (current != null) {
            current.cancel();
            current = null;
        }
    }

    private void connect() {
        retry = null;
        if (closed.get()) {
            return;
        }
        current = new Connection();
        current.open();
    }

    private void connected(Connection c) {
        if (c != current || closed.get()) {
            return;
        }
        // The failure count resets only once the stream proved itself, so that a registry that
        // accepts streams and drops them at once is retried at the slow rate.
        c.stable = loop.schedule(options.maxDelay(), () -> {
            if (c == current) {
                failures = 0;
            }
        });
        c.watchdog = loop.schedule(options.idleTimeout(), () -> idleCheck(c));
        notify(this::opened);
    }

    /** Every idle timeout while {@code c} is current: drops it if nothing came since the last check. */
    private void idleCheck(Connection c) {
        if (c != current) {
            return;
        }
        if (c.traffic) {
            c.traffic = false;
            c.watchdog = loop.schedule(options.idleTimeout(), () -> idleCheck(c));
            return;
        }
        drop(c, new RegistryUnreachableException("no data from the registry at " + c.uri.getAuthority() + " in over "
                + options.idleTimeout().toMillis() + " ms, not even a heartbeat", null));
    }

    private void subscribed(Connection c, Flow.Subscription s) {
        if (c != current || closed.get()) {
            s.cancel();
            return;
        }
        c.subscription = s;
        s.request(1);
    }

    private void line(Connection c, String line) {
        if (c != current || closed.get()) {
            return;
        }
        c.traffic = true;
        SseEvent event = c.parser.line(line);
        if (event != null) {
            boolean fine;
            try {
                fine = deliver(event);
            } catch (IOException e) {
                drop(c, e);
                return;
            }
            if (!fine) {
                LOG.warn("event=watch-gap watch={} uri={}", describe(), c.uri);
                reconnect();
                return;
            }
        }
        if (c == current && !closed.get()) {
            c.subscription.request(1);
        }
        if (c.parser.retryMillis() >= 0) {
            retryHintMillis = c.parser.retryMillis();
        }
    }

    /** The HTTP exchange finished: the stream ended, failed, or was never opened. */
    private void ended(Connection c, HttpResponse<byte[]> response, Throwable error) {
        if (c != current || closed.get()) {
            return;
        }
        if (error != null) {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            drop(c, new RegistryUnreachableException(
                    (c.streaming ? "lost the stream from " : "cannot reach the registry at ") + c.uri.getAuthority() + ": "
                            + CairnClient.describe(e), e));
            return;
        }
        if (c.streaming) {
            drop(c, new RegistryUnreachableException("the registry at " + c.uri.getAuthority() + " ended the stream",
                    null));
            return;
        }
        int status = response.statusCode();
        CairnClientException refused = status == 200
                ? new CairnClientException(status, new ApiError("not_an_event_stream",
                        "expected text/event-stream, got " + response.headers().firstValue("Content-Type").orElse(
                                "no Content-Type"), null))
                : new CairnClientException(status, CairnClient.error(json, status, response.body()));
        if (status != 200 && !refused.isRetryable()) {
            c.cancel();
            current = null;
            LOG.debug("event=watch-refused watch={} uri={} status={}", describe(), c.uri, status);
            end(refused);
            return;
        }
        drop(c, refused);
    }

    /** Abandons the connection, tells the listener, and schedules the next attempt. */
    private void drop(Connection c, Throwable cause) {
        c.cancel();
        current = null;
        if (cause instanceof RegistryUnreachableException) {
            // the next attempt goes to the next registry address, if there are several
            endpoints.failed(c.base);
        }
        if (closed.get()) {
            return;
        }
        long delay = options.reconnectDelay(failures, ThreadLocalRandom.current().nextDouble()).toMillis();
        failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
        delay = Math.max(delay, retryHintMillis);
        LOG.debug("event=watch-disconnected uri={} retry-in-ms={} cause={}", c.uri, delay, cause.toString());
        notify(() -> lost(cause));
        if (!closed.get()) {
            retry = loop.schedule(Duration.ofMillis(delay), this::connect);
        }
    }

    /** An event, handed to the subclass; a listener that throws ends the watch with that exception. */
    private boolean deliver(SseEvent event) throws IOException {
        if (closed.get()) {
            return true;
        }
        try {
            return event(event);
        } catch (RuntimeException | Error e) {
            listenerFailed(e);
            return true;
        }
    }

    /** Calls a listener unless closed; a listener that throws ends the watch with that exception. */
    private void notify(Runnable call) {
        if (closed.get()) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            listenerFailed(e);
        }
    }

    private void listenerFailed(Throwable e) {
        LOG.warn("event=watch-listener-failed watch={} error={}", describe(), e.toString());
        end(e);
        if (e instanceof Error err) {
            throw err;
        }
    }

    /**
     * One HTTP exchange. Its fields belong to the loop thread except {@code streaming}, which
     * the body handler sets on an HTTP thread before the response future completes.
     */
    private final class Connection implements Flow.Subscriber<String> {

        final SseParser parser = new SseParser();
        final URI base = endpoints.current();
        final HttpRequest.Builder request = request(base);
        final URI uri = request.build().uri();
        boolean traffic;
        Flow.Subscription subscription;
        Cancellable stable;
        Cancellable watchdog;
        CompletableFuture<HttpResponse<byte[]>> response;
        volatile boolean streaming;

        void open() {
            request.timeout(headerTimeout).header("Accept", "text/event-stream").GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            response = http.sendAsync(request.build(), this::body);
            response.whenComplete((r, e) -> loop.execute(() -> ended(this, r, e)));
        }

        /** Runs on an HTTP thread when the headers arrive: a stream is read line by line. */
        private BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info) {
            String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (info.statusCode() != 200 || !type.startsWith("text/event-stream")) {
                return BodySubscribers.ofByteArray();
            }
            streaming = true;
            loop.execute(() -> connected(this));
            return BodySubscribers.mapping(BodySubscribers.fromLineSubscriber(this, s -> null,
                    StandardCharsets.UTF_8, null), v -> null);
        }

        void cancel() {
            if (stable != null) {
                stable.cancel();
            }
            if (watchdog != null) {
                watchdog.cancel();
            }
            if (subscription != null) {
                subscription.cancel();
            }
            if (response != null) {
                // Before the headers this aborts the exchange; after, it closes the connection.
                response.cancel(true);
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            loop.execute(() -> subscribed(this, s));
        }

        @Override
        public void onNext(String line) {
            loop.execute(() -> line(this, line));
        }

        @Override
        public void onError(Throwable e) {
            // reported through the response future, see ended()
        }

        @Override
        public void onComplete() {
            // reported through the response future, see ended()
        }
    }
}
