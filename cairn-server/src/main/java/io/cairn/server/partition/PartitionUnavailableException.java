package io.cairn.server.partition;

/**
 * The partition cannot serve now (no leader yet, this node not its leader, the node closing, a
 * write that timed out). The HTTP layer answers 503 with Retry-After. For a timed-out write the
 * outcome is unknown; registration and deregistration are idempotent, so retrying is safe.
 */
public final class PartitionUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int partition;
    private final boolean leaderElsewhere;

    public PartitionUnavailableException(int partition, String reason) {
        this(partition, reason, false);
    }

    private PartitionUnavailableException(int partition, String reason, boolean leaderElsewhere) {
        super("partition " + partition + " is unavailable: " + reason, null, false, false);
        this.partition = partition;
        this.leaderElsewhere = leaderElsewhere;
    }

    /**
     * This node does not (or no longer, or not yet) lead the partition, or holds no replica of
     * it: the request was not applied here, and another node may serve it now or shortly (a
     * leadership change or a replica move is under way). Unlike a write that timed out, such a
     * request is safe to send again to the partition's leader.
     */
    public static PartitionUnavailableException leaderElsewhere(int partition, String reason) {
        return new PartitionUnavailableException(partition, reason, true);
    }

    public int partition() {
        return partition;
    }

    /** See {@link #leaderElsewhere(int, String)}. */
    public boolean isLeaderElsewhere() {
        return leaderElsewhere;
    }
}
