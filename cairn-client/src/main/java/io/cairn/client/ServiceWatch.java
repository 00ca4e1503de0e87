package io.cairn.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.ApiError;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Watch} of one service over {@code GET /v1/watch/services/{service}}.
 *
 * <p>Threading: the HTTP callbacks ({@code java.net.http} threads) only hand what they receive
 * to the client's single watch thread ({@code loop}); everything else (the current connection,
 * the parser, timers, failure count, listener calls) is confined to that thread, so there are
 * no locks. Only {@code closed} and {@code lastRevision} are read from other threads. Lines are
 * requested one at a time after the previous one was handled, so a slow listener holds back the
 * socket rather than fill memory (the registry then cuts the stream and the watch resumes).
 */
final class ServiceWatch implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceWatch.class);

    private final HttpClient http;
    private final Endpoints endpoints;
    private final String path;
    private final Duration headerTimeout;
    private final ObjectMapper json;
    private final ScheduledExecutorService loop;
    private final WatchOptions options;
    private final WatchListener listener;
    private final Consumer<ServiceWatch> onClose;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastRevision;

    // Confined to the loop thread.
    private Connection current;
    private ScheduledFuture<?> retry;
    private int failures;
    private long retryHintMillis = -1;
    /** A gap was seen: the next connection asks for the whole state and delivers it as a reset. */
    private boolean resync;

    ServiceWatch(HttpClient http, Endpoints endpoints, String path, Duration headerTimeout, ObjectMapper json, ScheduledExecutorService loop,
            WatchOptions options, long since, WatchListener listener, Consumer<ServiceWatch> onClose) {
        this.http = http;
        this.endpoints = endpoints;
        this.path = path;
        this.headerTimeout = headerTimeout;
        this.json = json;
        this.loop = loop;
        this.options = options;
        this.lastRevision = since < 0 ? -1 : since;
        this.listener = listener;
        this.onClose = onClose;
    }

    void start() {
        loop.execute(this::connect);
    }

    @Override
    public long lastRevision() {
        return lastRevision;
    }

    @Override
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        end(null);
    }

    /** Stops for good: normally ({@code cause} null) or because of {@code cause}. */
    private void end(Throwable cause) {
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
            retry.cancel(false);
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
        long since = resync ? -1 : lastRevision;
        current = new Connection(resync);
        resync = false;
        current.open(since);
    }

    private void connected(Connection c) {
        if (c != current || closed.get()) {
            return;
        }
        // The failure count resets only once the stream proved itself, so that a registry that
        // accepts streams and drops them at once is retried at the slow rate.
        c.stable = loop.schedule(() -> {
            if (c == current) {
                failures = 0;
            }
        }, options.maxDelay().toMillis(), TimeUnit.MILLISECONDS);
        long idle = options.idleTimeout().toMillis();
        c.watchdog = loop.scheduleWithFixedDelay(() -> idleCheck(c), idle, idle, TimeUnit.MILLISECONDS);
        notify(listener::onConnect);
    }

    private void idleCheck(Connection c) {
        if (c != current) {
            return;
        }
        if (c.traffic) {
            c.traffic = false;
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
            try {
                deliver(c, event);
            } catch (IOException e) {
                drop(c, e);
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

    private void deliver(Connection c, SseEvent event) throws IOException {
        switch (event.type()) {
            case "state" -> {
                WatchState s = json.readValue(event.data(), WatchState.class);
                WatchState state = c.resync && !s.reset()
                        ? new WatchState(s.namespace(), s.service(), s.revision(), true, s.instances()) : s;
                c.resync = false;
                lastRevision = state.revision();
                notify(() -> listener.onState(state));
            }
            case "registered", "updated", "deregistered", "health" -> {
                WatchEvent change = json.readValue(event.data(), WatchEvent.class);
                long last = lastRevision;
                if (last >= 0 && change.previous() != last) {
                    // The registry promises this never happens within a stream; if it does, a
                    // fresh state is the only way not to hand the listener a hole.
                    LOG.warn("event=watch-gap uri={} last-revision={} previous={} revision={}", c.uri, last,
                            change.previous(), change.revision());
                    c.cancel();
                    current = null;
                    resync = true;
                    connect();
                    return;
                }
                lastRevision = change.revision();
                notify(() -> listener.onChange(change));
            }
            default -> {
                // "synced", "services" and unnamed events belong to other stream kinds
            }
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
        boolean retryable = status == 200 || status == 408 || status == 425 || status == 429 || status >= 500;
        if (!retryable) {
            c.cancel();
            current = null;
            LOG.debug("event=watch-refused uri={} status={}", c.uri, status);
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
        notify(() -> listener.onDisconnect(cause));
        if (!closed.get()) {
            retry = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Calls the listener unless closed; a listener that throws ends the watch with that exception. */
    private void notify(Runnable call) {
        if (closed.get()) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("event=watch-listener-failed path={} error={}", path, e.toString());
            end(e);
            if (e instanceof Error err) {
                throw err;
            }
        }
    }

    /**
     * One HTTP exchange. Its fields belong to the loop thread except {@code streaming}, which
     * the body handler sets on an HTTP thread before the response future completes.
     */
    private final class Connection implements Flow.Subscriber<String> {

        final SseParser parser = new SseParser();
        final URI base = endpoints.current();
        final URI uri = base.resolve(path);
        boolean resync;
        boolean traffic;
        Flow.Subscription subscription;
        ScheduledFuture<?> stable;
        ScheduledFuture<?> watchdog;
        CompletableFuture<HttpResponse<byte[]>> response;
        volatile boolean streaming;

        Connection(boolean resync) {
            this.resync = resync;
        }

        void open(long since) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(headerTimeout)
                    .header("Accept", "text/event-stream").GET();
            if (since >= 0) {
                request.header("Last-Event-ID", Long.toString(since));
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
                stable.cancel(false);
            }
            if (watchdog != null) {
                watchdog.cancel(false);
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
