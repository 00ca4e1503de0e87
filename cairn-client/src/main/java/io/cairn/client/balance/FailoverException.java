package io.cairn.client.balance;

/**
 * A {@link Failover} call gave up. {@link #getCause()} is the last attempt's failure, or null when
 * no instance was available at all; {@link #attempts()} says how many instances were called.
 */
public final class FailoverException extends RuntimeException {

    private final int attempts;

    public FailoverException(String message, Throwable cause, int attempts) {
        super(message, cause);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
