package io.cairn.client.balance;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a share of calls, so that a sick service is not hit by a storm of retries on
 * top of its normal load. Each call deposits {@code ratio} of a token; each retry withdraws one
 * whole token; a retry without a token is not made. The balance starts at, and is capped at,
 * {@code reserve} tokens, so a quiet client can still retry a few times in a row.
 *
 * <p>Thread safe: the balance is one atomic counter of thousandths of a token.
 */
public final class RetryBudget {

    private static final long UNIT = 1000;

    private final long deposit;
    private final long cap;
    private final AtomicLong balance;

    /**
     * @param ratio retries allowed per call in the long run, from 0 to 1 (0.2 = one in five)
     * @param reserve tokens at the start and at most, at least 0
     */
    public RetryBudget(double ratio, int reserve) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be from 0 to 1, got " + ratio);
        }
        if (reserve < 0) {
            throw new IllegalArgumentException("reserve must be at least 0, got " + reserve);
        }
        this.deposit = Math.round(ratio * UNIT);
        this.cap = reserve * UNIT;
        this.balance = new AtomicLong(cap);
    }

    /** Records one call. */
    public void called() {
        balance.getAndUpdate(b -> Math.min(cap, b + deposit));
    }

    /** Takes a token for one retry, or answers false when the budget is spent. */
    public boolean tryRetry() {
        while (true) {
            long b = balance.get();
            if (b < UNIT) {
                return false;
            }
            if (balance.compareAndSet(b, b - UNIT)) {
                return true;
            }
        }
    }
}
