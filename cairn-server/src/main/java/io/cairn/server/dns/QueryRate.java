package io.cairn.server.dns;

import io.cairn.api.time.Ticker;
import io.cairn.server.limit.BucketTable;
import io.cairn.server.limit.TokenBucket;
import java.net.InetAddress;

/**
 * The DNS query rate of each client address (docs/security.md, "Limits"): one token bucket per
 * address, UDP and TCP together, refilled at {@code dns-rate-limit} per second up to
 * {@code dns-rate-burst}.
 *
 * <p>A UDP sender's address can be forged, so memory is bounded: at most {@link #MAX_CLIENTS}
 * buckets; when full, buckets that have refilled completely (addresses quiet for a burst's time)
 * are dropped, at most once per {@link BucketTable#SWEEP_EVERY} (a sweep walks every bucket: a flood of new
 * addresses must not make each of its packets pay for one), and meanwhile every new address
 * shares one overflow bucket until room comes back. A flood from made-up addresses thus costs no memory and shares one client's rate, while
 * the addresses already known keep their own buckets.
 *
 * <p>Thread-safe: the UDP loop and the TCP connections' event loops call {@link #admit}.
 */
final class QueryRate {

    static final int MAX_CLIENTS = BucketTable.MAX_CLIENTS;

    private final int perSecond;
    private final int burst;
    private final Ticker ticker;
    private final BucketTable<InetAddress> buckets;
    private final TokenBucket overflow;

    /** @param perSecond sustained queries per second per address; 0 admits everything */
    QueryRate(int perSecond, int burst, Ticker ticker) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.ticker = ticker;
        this.overflow = new TokenBucket(burst, ticker.nanos());
        this.buckets = new BucketTable<>(ticker.nanos());
    }

    /** Takes one query from the address's bucket: true when it may be answered. */
    boolean admit(InetAddress address) {
        if (perSecond == 0) {
            return true;
        }
        long now = ticker.nanos();
        TokenBucket bucket = buckets.find(address, now, perSecond, burst);
        return (bucket == null ? overflow : bucket).take(now, perSecond, burst) == 0;
    }

    /** Buckets held now (for tests of the memory bound). */
    int clients() {
        return buckets.size();
    }
}
