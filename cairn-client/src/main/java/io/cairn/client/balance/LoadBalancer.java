package io.cairn.client.balance;

import io.cairn.api.InstanceView;
import java.util.List;

/**
 * Chooses one instance of a service for a call.
 *
 * <p>Contract: {@code candidates} is never empty and is not modified; the implementation returns
 * one of its elements. {@code key} is the caller's routing key for balancers that route by key
 * (consistent hashing) and may be null; others ignore it. Called from any thread, concurrently:
 * implementations are thread safe and should not block or allocate. A balancer may keep tables
 * built from a candidate list and reuse them while the same list object comes back; it must not
 * assume that it sees only one service's instances, but may be slower when it does not.
 */
public interface LoadBalancer {

    InstanceView pick(List<InstanceView> candidates, String key);

    /** Each candidate in turn. */
    static LoadBalancer roundRobin() {
        return new RoundRobin();
    }

    /** At random, in proportion to each instance's registered weight (weight 0: never, unless all are 0). */
    static LoadBalancer weightedRandom() {
        return new WeightedRandom();
    }

    /**
     * Two candidates at random, then the one with fewer calls in flight (as told through
     * {@link CallObserver}, which {@link Failover} does).
     */
    static LoadBalancer powerOfTwoChoices() {
        return new PowerOfTwoChoices();
    }

    /**
     * Rendezvous hashing of the key: the same key goes to the same instance while it is there,
     * and when an instance leaves only its keys move; weights are honoured. A null key picks as
     * if the key were empty.
     */
    static LoadBalancer consistentHash() {
        return new ConsistentHash();
    }
}
