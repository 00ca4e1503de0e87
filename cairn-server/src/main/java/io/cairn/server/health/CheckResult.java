package io.cairn.server.health;

import io.cairn.core.model.Health;

/**
 * One check's last result as the node running it knows it (memory only, not replicated).
 *
 * @param status null before the check's first result
 * @param output what the probe saw, or the owner's note on a TTL check; empty when none
 */
public record CheckResult(Health status, String output) {
}
