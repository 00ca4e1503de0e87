/**
 * Finding dead instances: TTL leases renewed by heartbeats, active HTTP and TCP checks, and the
 * protection that stops expiry when the registry, not the fleet, is sick.
 *
 * <p>Invariants: everything here runs at a partition's leader and lives in its memory; only
 * changes of state (an expiry, a new health) go through Raft, never a heartbeat or a probe. A
 * node that becomes leader of a partition (or restarts) gives every ephemeral instance a fresh
 * full TTL before any can expire. Time comes from an injected {@link io.cairn.api.time.Ticker}.
 */
package io.cairn.server.health;
