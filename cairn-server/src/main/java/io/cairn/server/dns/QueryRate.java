package io.cairn.server.dns;

import io.cairn.api.time.Ticker;
import io.cairn.server.limit.TokenBucket;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DNS query rate of each client address (docs/security.md, "Limits"): one token bucket per
 * address, UDP and TCP together, refilled at {@code dns-rate-limit} per second up to
 * {@code dns-rate-burst}.
 *
 * <p>A UDP sender's address can be forged, so memory is bounded: at most {@link #MAX_CLIENTS}
 * buckets; when full, buckets that have refilled completely (addresses quiet for a burst's time)
 * are dropped, at most once per {@link #SWEEP_EVERY} (a sweep walks every bucket: a flood of new
 * addresses must not make each of its packets pay for one), and meanwhile every new address
 * shares one overflow bucket until room comes back. A flood from made-up addresses thus costs no memory and shares one client's rate, while
 * the addresses already known keep their own buckets.
 *
 * <p>Thread-safe: the UDP loop and the TCP connections' event loops call {@link #admit}.
 */
final class QueryRate {

    static final int MAX_CLIENTS = 65_536;
    static final long SWEEP_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private final int burst;
    private final Ticker ticker;
    private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow;
    /** When the next sweep of a full map may run (ticker nanoseconds). */
    private final AtomicLong nextSweep;

    /** @param perSecond sustained queries per second per address; 0 admits everything */
    QueryRate(int perSecond, int burst, Ticker ticker) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.ticker = ticker;
        this.overflow = new TokenBucket(burst, ticker.nanos());
        this.nextSweep = new AtomicLong(ticker.nanos());
    }

    /** Takes one query from the address's bucket: true when it may be answered. */
    boolean admit(InetAddress address) {
        if (perSecond == 0) {
            return true;
        }
        long now = ticker.nanos();
        TokenBucket bucket = buckets.get(address);
        if (bucket == null) {
            long due = nextSweep.get();
            if (buckets.size() >= MAX_CLIENTS && now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY)) {
                buckets.values().removeIf(b -> b.fullAt(now, perSecond, burst));
            }
            bucket = buckets.size() >= MAX_CLIENTS ? overflow
                    : buckets.computeIfAbsent(address, a -> new TokenBucket(burst, now));
        }
        return bucket.take(now, perSecond, burst) == 0;
    }

    /** Buckets held now (for tests of the memory bound). */
    int clients() {
        return buckets.size();
    }
}
