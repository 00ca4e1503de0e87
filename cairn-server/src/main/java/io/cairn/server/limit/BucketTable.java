package io.cairn.server.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets by client key, bounded in number: at most {@link #MAX_CLIENTS} made on demand.
 * When the table is full, buckets that have refilled completely (clients quiet for a burst's
 * time) are dropped, at most once per {@link #SWEEP_EVERY}: a sweep walks every bucket, and a
 * flood of made-up keys (forged UDP sources, invented tokens) must not make each of its requests
 * pay for one. Until a sweep makes room the caller decides where a new key is charged.
 *
 * <p>Thread-safe: a bucket is guarded by its own monitor ({@link TokenBucket}).
 *
 * @param <K> the client key (an address, a token)
 */
public final class BucketTable<K> {

    public static final int MAX_CLIENTS = 65_536;
    public static final long SWEEP_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final ConcurrentHashMap<K, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** When the next sweep of a full table may run (ticker nanoseconds). */
    private final AtomicLong nextSweep;

    /** @param now the ticker's time at creation: the first sweep may run at once */
    public BucketTable(long now) {
        this.nextSweep = new AtomicLong(now);
    }

    /**
     * The key's bucket: the one it has, else a new one when there is room (after the sweep due,
     * if any), else null.
     */
    public TokenBucket find(K key, long now, int perSecond, int burst) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        long due = nextSweep.get();
        if (buckets.size() >= MAX_CLIENTS && now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY)) {
            buckets.values().removeIf(b -> b.fullAt(now, perSecond, burst));
        }
        return buckets.size() >= MAX_CLIENTS ? null : buckets.computeIfAbsent(key, k -> new TokenBucket(burst, now));
    }

    /** The key's bucket, made even when the table is full (for keys bounded by other means). */
    public TokenBucket always(K key, long now, int burst) {
        return buckets.computeIfAbsent(key, k -> new TokenBucket(burst, now));
    }

    /** Buckets held now. */
    public int size() {
        return buckets.size();
    }
}
