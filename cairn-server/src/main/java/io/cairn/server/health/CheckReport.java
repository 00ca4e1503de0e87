package io.cairn.server.health;

/** What became of an owner's report of a TTL check ({@link HealthMonitor#reportCheck}). */
public enum CheckReport {
    /** Recorded; the instance's health is written through Raft if the worst result changed. */
    REPORTED,
    /** This node does not run the instance's checks (it does not lead its partition, or the instance has none or is gone). */
    NOT_HERE,
    /** The instance has no check at that position. */
    UNKNOWN_CHECK,
    /** The check is probed by the registry (http, tcp); only a ttl check takes reports. */
    NOT_TTL
}
