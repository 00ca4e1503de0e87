package io.cairn.server.watch;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A read held until what it reads changes, or its wait ends: one service's revision moving past
 * the client's index, or (namespace-wide) any service of the namespace changing.
 *
 * <p>The returned future completes on the loop's thread, normally in both cases; the caller then
 * reads the current state. The wait gets up to 1/16 extra at random so that thousands of
 * watchers that began together do not all return in the same millisecond.
 */
public final class BlockingQuery implements Watcher {

    private final WatchLoop loop;
    private final Set<ServiceKey> services;
    private final String namespace;
    private final Predicate<ServiceKey> scope;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long timer = -1;

    private BlockingQuery(WatchLoop loop, ServiceKey service, String namespace, Predicate<ServiceKey> scope) {
        this.loop = loop;
        this.services = service == null ? Set.of() : Set.of(service);
        this.namespace = namespace;
        this.scope = scope;
    }

    /**
     * Starts waiting for a change of {@code service}. Call on the loop's thread BEFORE reading the
     * revision that decides whether to wait at all, then {@link #cancel()} if it already moved.
     */
    public static BlockingQuery onService(WatchLoop loop, ServiceKey service, Duration wait) {
        return new BlockingQuery(loop, service, null, k -> true).start(wait);
    }

    /** Starts waiting for any change in {@code namespace}; the same protocol as {@link #onService}. */
    public static BlockingQuery onNamespace(WatchLoop loop, String namespace, Duration wait) {
        return new BlockingQuery(loop, null, namespace, k -> true).start(wait);
    }

    /**
     * Like {@link #onNamespace}, but only a change of a service that {@code scope} accepts wakes
     * it (one partition's part of a namespace: the others' changes are nothing to this reader).
     */
    public static BlockingQuery onNamespace(WatchLoop loop, String namespace, Predicate<ServiceKey> scope,
            Duration wait) {
        return new BlockingQuery(loop, null, namespace, scope).start(wait);
    }

    private BlockingQuery start(Duration wait) {
        loop.register(this);
        long ms = Math.max(1, wait.toMillis());
        long jittered = ms + ThreadLocalRandom.current().nextLong(ms / 16 + 1);
        timer = loop.context().owner().setTimer(jittered, id -> finish());
        return this;
    }

    /** Completes when the watched thing changed or the wait is over. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Stops waiting without completing (the answer is already known, or the client left). */
    public void cancel() {
        loop.context().owner().cancelTimer(timer);
        loop.unregister(this);
    }

    private void finish() {
        cancel();
        done.complete(null);
    }

    @Override
    public Set<ServiceKey> services() {
        return services;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void onChange(Change change) {
        if (scope.test(change.service())) {
            finish();
        }
    }

    @Override
    public void onReset(ServiceKey service) {
        if (scope.test(service)) {
            finish();
        }
    }
}
