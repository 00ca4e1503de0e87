package io.cairn.server.health;

/** What a heartbeat did to one named instance. */
public enum HeartbeatOutcome {
    /** The ephemeral instance got a fresh TTL. */
    RENEWED,
    /** The registry does not hold it (never registered, expired, deregistered, or expiring now). */
    UNKNOWN,
    /** It is persistent: heartbeats do not apply. */
    PERSISTENT
}
