package io.cairn.server.health;

import io.cairn.core.model.Health;

/**
 * One probe's outcome, as the leader's check runner last saw it.
 *
 * @param health what the probe decided
 * @param output what it saw, for people: {@code HTTP 200}, {@code connection refused},
 *     {@code no answer within 2000 ms}; never client-controlled markup, but shown as text anyway
 * @param atNanos when the probe completed, on the node's {@link io.cairn.server.time.Ticker}
 */
record CheckResult(Health health, String output, long atNanos) {
}
