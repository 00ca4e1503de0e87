package io.cairn.server.http;

import io.cairn.api.time.Ticker;
import io.cairn.server.limit.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request rate of each client (docs/security.md, "Hostile input"): one token bucket per
 * presented bearer token, else per client address, refilled at {@code rate-limit} per second up
 * to {@code rate-burst}.
 *
 * <p>Keys are the token strings themselves, held in memory only and never logged or answered.
 * Memory is bounded: at most {@link #MAX_CLIENTS} buckets, plus one per client address past
 * that; when full, buckets that have refilled completely (clients quiet for a burst's time) are
 * dropped, at most once per {@link #SWEEP_EVERY} (a sweep walks every bucket: a flood of made-up
 * tokens must not make each of its requests pay for one, as {@code dns.QueryRate} does), and
 * meanwhile a request whose token would need a new bucket is charged to its address's bucket
 * instead, so that a flood of made-up tokens costs no memory, no sweep per request and no way
 * around the limit (addresses are bounded by the connections a client can open).
 *
 * <p>Thread-safe: every event loop calls {@link #admit}; a bucket is guarded by its own monitor
 * ({@link TokenBucket}).
 */
final class RequestRate {

    static final int MAX_CLIENTS = 65_536;
    static final long SWEEP_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private final int burst;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** When the next sweep of a full map may run (ticker nanoseconds). */
    private final AtomicLong nextSweep;

    /** @param perSecond sustained requests per second per client; 0 admits everything */
    RequestRate(int perSecond, int burst, Ticker ticker) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.ticker = ticker;
        this.nextSweep = new AtomicLong(ticker.nanos());
    }

    int perSecond() {
        return perSecond;
    }

    /**
     * Takes one request from the client's bucket.
     *
     * @param token the bearer token presented, or null
     * @param address the client's address
     * @return 0 when admitted, else the whole seconds to wait before the next request is admitted
     *     (at least 1)
     */
    long admit(String token, String address) {
        if (perSecond == 0) {
            return 0;
        }
        long now = ticker.nanos();
        String key = token != null ? "t:" + token : "a:" + address;
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            long due = nextSweep.get();
            if (buckets.size() >= MAX_CLIENTS && now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY)) {
                buckets.values().removeIf(b -> b.fullAt(now, perSecond, burst));
            }
            if (buckets.size() >= MAX_CLIENTS) {
                key = "a:" + address;
                bucket = buckets.get(key);
            }
            if (bucket == null) {
                bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, now));
            }
        }
        return bucket.take(now, perSecond, burst);
    }

    /** Buckets held now (for tests of the memory bound). */
    int clients() {
        return buckets.size();
    }
}
