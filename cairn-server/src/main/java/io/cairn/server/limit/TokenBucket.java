package io.cairn.server.limit;

/**
 * One client's token bucket: it holds up to {@code burst} tokens, refills at {@code perSecond}
 * tokens a second, and each request or query takes one. The rate and burst are passed on every
 * call (they are the owner's settings), and so is the time, read by the owner from its ticker.
 *
 * <p>Thread-safe: guarded by its own monitor (clients on different event loops never share a
 * bucket's lock with each other, only with themselves).
 */
public final class TokenBucket {

    private double tokens;
    private long at;

    /** A bucket holding {@code tokens} at {@code now} (nanoseconds on the owner's ticker). */
    public TokenBucket(double tokens, long now) {
        this.tokens = tokens;
        this.at = now;
    }

    /**
     * Takes one token.
     *
     * @return 0 when taken, else the whole seconds until one will be there (at least 1)
     */
    public synchronized long take(long now, int perSecond, int burst) {
        refill(now, perSecond, burst);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double seconds = (1 - tokens) / perSecond;
        return Math.max(1, (long) Math.ceil(seconds));
    }

    /** True when the bucket has refilled completely: its client has been quiet for a burst's time. */
    public synchronized boolean fullAt(long now, int perSecond, int burst) {
        refill(now, perSecond, burst);
        return tokens >= burst;
    }

    private void refill(long now, int perSecond, int burst) {
        long elapsed = now - at;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * (double) perSecond / 1_000_000_000L);
            at = now;
        }
    }
}
