package io.cairn.server.partition;

/**
 * The partition cannot serve now (no leader yet, this node not its leader, the node closing, a
 * write that timed out). The HTTP layer answers 503 with Retry-After. For a timed-out write the
 * outcome is unknown; registration and deregistration are idempotent, so retrying is safe.
 */
public final class PartitionUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int partition;

    public PartitionUnavailableException(int partition, String reason) {
        super("partition " + partition + " is unavailable: " + reason, null, false, false);
        this.partition = partition;
    }

    public int partition() {
        return partition;
    }
}
