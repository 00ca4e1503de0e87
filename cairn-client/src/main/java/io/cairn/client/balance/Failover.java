package io.cairn.client.balance;

import io.cairn.api.InstanceView;
import io.cairn.api.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Calls one service with failover: the balancer picks an instance, the caller's function runs
 * against it, and when it fails in a way the {@link FailoverPolicy policy} calls retryable, that
 * instance is marked down here for the cool-down and the call is retried on another, within the
 * policy's attempts, deadline and retry budget. One Failover per service; thread safe.
 *
 * <p>Which instances: {@code candidates} is asked before every attempt (with {@link
 * io.cairn.client.Cairn} it is the cache, so it costs nothing and sees changes at once). Instances
 * marked down, and those already tried by this call, are skipped; if that leaves none, the ones
 * marked down are tried again (a cool-down must not turn a blip into an outage), but never one
 * this call already tried.
 */
public final class Failover {

    private final Supplier<List<InstanceView>> candidates;
    private final LoadBalancer balancer;
    private final CallObserver observer;
    private final FailoverPolicy policy;
    private final RetryBudget budget;
    private final Ticker ticker;
    /** instance id -> the ticker's nanos until which it is skipped. */
    private final ConcurrentHashMap<String, Long> down = new ConcurrentHashMap<>();

    public Failover(Supplier<List<InstanceView>> candidates, LoadBalancer balancer, FailoverPolicy policy) {
        this(candidates, balancer, policy, Ticker.SYSTEM);
    }

    /** @param ticker the clock for deadlines and cool-downs (the client's; tests pass a manual one) */
    public Failover(Supplier<List<InstanceView>> candidates, LoadBalancer balancer, FailoverPolicy policy,
            Ticker ticker) {
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.balancer = Objects.requireNonNull(balancer, "balancer");
        this.observer = balancer instanceof CallObserver o ? o : null;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.budget = new RetryBudget(policy.retryRatio(), policy.retryReserve());
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Runs {@code function} against a chosen instance, failing over as the policy allows. */
    public <T> T call(CallFunction<T> function) {
        return call(null, function);
    }

    /**
     * Like {@link #call(CallFunction)}, with a routing key for key-based balancers (consistent
     * hashing): the same key goes to the same instance while it is up.
     *
     * @throws FailoverException when no instance is available, a failure is not retryable, or the
     *     attempts, deadline or retry budget run out; its cause is the last failure
     */
    public <T> T call(String key, CallFunction<T> function) {
        long start = ticker.nanos();
        long deadline = start + policy.deadline().toNanos();
        budget.called();
        List<String> tried = null;
        Exception last = null;
        for (int attempt = 0; ; attempt++) {
            InstanceView instance = choose(key, tried, ticker.nanos());
            if (instance == null) {
                throw new FailoverException(last == null ? "no instance available" : "no instance left to try after "
                        + attempt + " failed attempt(s): " + last, last, attempt);
            }
            if (observer != null) {
                observer.started(instance);
            }
            try {
                return function.call(instance);
            } catch (Exception e) {
                if (!policy.retryable().test(e)) {
                    throw new FailoverException("call to " + instance.id() + " failed: " + e, e, attempt + 1);
                }
                last = e;
                down.put(instance.id(), ticker.nanos() + policy.coolDown().toNanos());
            } finally {
                if (observer != null) {
                    observer.finished(instance);
                }
            }
            if (tried == null) {
                tried = new ArrayList<>(policy.maxAttempts());
            }
            tried.add(instance.id());
            String stop = attempt + 1 >= policy.maxAttempts() ? "attempts"
                    : ticker.nanos() - deadline >= 0 ? "deadline"
                    : !budget.tryRetry() ? "retry budget" : null;
            if (stop != null) {
                throw new FailoverException("gave up after " + (attempt + 1) + " attempt(s) (" + stop + " spent): "
                        + last, last, attempt + 1);
            }
        }
    }

    /** The instance for the next attempt, or null if none is left. */
    private InstanceView choose(String key, List<String> tried, long now) {
        List<InstanceView> all = candidates.get();
        if (all == null || all.isEmpty()) {
            return null;
        }
        if (tried == null && down.isEmpty()) {
            return balancer.pick(all, key); // the common case: nothing to filter, nothing allocated
        }
        List<InstanceView> up = new ArrayList<>(all.size());
        List<InstanceView> untried = new ArrayList<>(all.size());
        for (InstanceView i : all) {
            if (tried != null && tried.contains(i.id())) {
                continue;
            }
            untried.add(i);
            if (!isDown(i.id(), now)) {
                up.add(i);
            }
        }
        if (!up.isEmpty()) {
            return balancer.pick(up, key);
        }
        return untried.isEmpty() ? null : balancer.pick(untried, key);
    }

    private boolean isDown(String id, long now) {
        Long until = down.get(id);
        if (until == null) {
            return false;
        }
        if (now - until >= 0) {
            down.remove(id, until);
            return false;
        }
        return true;
    }

    /** Whether this failover skips the instance now (marked down and still cooling down). */
    public boolean isDown(InstanceView instance) {
        return isDown(instance.id(), ticker.nanos());
    }
}
