package io.cairn.server.http;

import io.cairn.api.time.Ticker;
import io.cairn.server.limit.BucketTable;
import io.cairn.server.limit.TokenBucket;

/**
 * The request rate of each client (docs/security.md, "Hostile input"): one token bucket per
 * presented bearer token, else per client address, refilled at {@code rate-limit} per second up
 * to {@code rate-burst}.
 *
 * <p>Keys are the token strings themselves, held in memory only and never logged or answered.
 * Memory is bounded: at most {@link #MAX_CLIENTS} buckets, plus one per client address past
 * that; when full, buckets that have refilled completely (clients quiet for a burst's time) are
 * dropped, at most once per {@link BucketTable#SWEEP_EVERY} (a sweep walks every bucket: a flood of made-up
 * tokens must not make each of its requests pay for one, as {@code dns.QueryRate} does), and
 * meanwhile a request whose token would need a new bucket is charged to its address's bucket
 * instead, so that a flood of made-up tokens costs no memory, no sweep per request and no way
 * around the limit (addresses are bounded by the connections a client can open).
 *
 * <p>Thread-safe: every event loop calls {@link #admit}; a bucket is guarded by its own monitor
 * ({@link TokenBucket}).
 */
final class RequestRate {

    static final int MAX_CLIENTS = BucketTable.MAX_CLIENTS;

    private final int perSecond;
    private final int burst;
    private final Ticker ticker;
    private final BucketTable<String> buckets;

    /** @param perSecond sustained requests per second per client; 0 admits everything */
    RequestRate(int perSecond, int burst, Ticker ticker) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.ticker = ticker;
        this.buckets = new BucketTable<>(ticker.nanos());
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
        TokenBucket bucket = buckets.find(key, now, perSecond, burst);
        if (bucket == null) {
            bucket = buckets.always("a:" + address, now, burst); // full: charged to the address
        }
        return bucket.take(now, perSecond, burst);
    }

    /** Buckets held now (for tests of the memory bound). */
    int clients() {
        return buckets.size();
    }
}
