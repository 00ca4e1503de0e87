package io.cairn.client.balance;

import io.cairn.api.InstanceView;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Power of two choices: two distinct candidates at random, then the one with fewer calls in
 * flight (ties: the first drawn, itself random). Calls in flight are counted per instance
 * (namespace, service, id) through {@link CallObserver}; a balancer that is never told of calls
 * picks uniformly at random. Counters of instances that left stay (an int each) until the
 * balancer is dropped.
 */
final class PowerOfTwoChoices implements LoadBalancer, CallObserver {

    /** service (with namespace) -> instance id -> calls in flight. Two lookups, no key objects. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicInteger>> inFlight =
            new ConcurrentHashMap<>();

    @Override
    public InstanceView pick(List<InstanceView> candidates, String key) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++; // distinct from a, uniformly
        }
        InstanceView first = candidates.get(a);
        InstanceView second = candidates.get(b);
        return load(second) < load(first) ? second : first;
    }

    int load(InstanceView instance) {
        ConcurrentHashMap<String, AtomicInteger> ids = inFlight.get(instance.service());
        AtomicInteger n = ids == null ? null : ids.get(instance.id());
        return n == null ? 0 : n.get();
    }

    @Override
    public void started(InstanceView instance) {
        inFlight.computeIfAbsent(instance.service(), s -> new ConcurrentHashMap<>())
                .computeIfAbsent(instance.id(), id -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void finished(InstanceView instance) {
        ConcurrentHashMap<String, AtomicInteger> ids = inFlight.get(instance.service());
        AtomicInteger n = ids == null ? null : ids.get(instance.id());
        if (n != null) {
            n.decrementAndGet();
        }
    }
}
