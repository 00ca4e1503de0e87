package io.cairn.core.cluster;

/** Where a member stands. Only {@link #ALIVE} members hold replicas in the placement table. */
public enum MemberState {
    /** Reachable, or unreachable for less than the grace period; holds its share of replicas. */
    ALIVE,
    /** Unreachable for longer than the grace period; its replicas were given to the others. */
    FAILED,
    /** Asked to leave; its replicas are being moved away, then it is removed. */
    LEAVING
}
