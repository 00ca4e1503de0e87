package io.cairn.client.balance;

import io.cairn.api.InstanceView;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each candidate in turn: one counter shared by every caller, so that N picks over an unchanged
 * list of N give each instance exactly one. Weights are ignored.
 */
final class RoundRobin implements LoadBalancer {

    private final AtomicLong next = new AtomicLong();

    @Override
    public InstanceView pick(List<InstanceView> candidates, String key) {
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
    }
}
