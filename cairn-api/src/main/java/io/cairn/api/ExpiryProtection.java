package io.cairn.api;

/**
 * A namespace where expiry is paused because too many of its ephemeral instances went silent
 * at once (see docs/api.md, "Protection against mass expiry").
 *
 * @param namespace the namespace
 * @param ephemeral its ephemeral instances
 * @param silent those that have not heartbeat for more than half their TTL, or expired within
 *     the last TTL window
 * @param since when protection started (ISO-8601)
 */
public record ExpiryProtection(String namespace, int ephemeral, int silent, String since) {
}
