package io.cairn.server.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much of one kind of resource (connections, watches) each client address holds, against a
 * per-address limit (docs/security.md, "Hostile input").
 *
 * <p>Contract: every successful {@link #acquire} is matched by exactly one {@link #release} of
 * the same address (a close handler); an address's entry disappears when it holds nothing, so
 * the map holds only addresses with something open. Thread-safe: the event loops share one.
 */
public final class ClientShares {

    private final int perClient;
    private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

    public ClientShares(int perClient) {
        this.perClient = perClient;
    }

    public int perClient() {
        return perClient;
    }

    /** Takes one share for {@code address}; false, taking nothing, when it holds its limit. */
    public boolean acquire(String address) {
        boolean[] taken = {false};
        held.compute(address, (a, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < perClient) {
                c.incrementAndGet();
                taken[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    public void release(String address) {
        held.computeIfPresent(address, (a, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    /** What {@code address} holds now. */
    public int held(String address) {
        AtomicInteger c = held.get(address);
        return c == null ? 0 : c.get();
    }
}
