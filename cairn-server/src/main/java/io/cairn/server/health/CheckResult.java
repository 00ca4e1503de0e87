package io.cairn.server.health;

import io.cairn.core.model.Health;

/**
 * One check's last result as the node running it knows it (memory only, not replicated).
 *
 * @param status null before the check's first result
 * @param output what the probe saw ({@code HTTP 200}, {@code connection refused}, {@code no answer
 *     within 2000 ms}), or the owner's note on a TTL check; empty when none. For people: shown as text
 * @param atNanos when the result came, on the node's ticker; {@link #NEVER} before the first
 */
public record CheckResult(Health status, String output, long atNanos) {

    /** {@link #atNanos} of a check that has not given a result on this node yet. */
    public static final long NEVER = Long.MIN_VALUE;
}
