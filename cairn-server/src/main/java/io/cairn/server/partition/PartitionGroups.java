package io.cairn.server.partition;

/**
 * The partition groups this node holds replicas of: the node-level half of the consensus seam
 * (see {@link PartitionGroup}). Replicas come and go as the cluster moves partitions, so callers
 * look a partition up on each use rather than keep its handle.
 *
 * <p>Threading: called from any thread; never blocks.
 */
public interface PartitionGroups {

    /**
     * This node's replica of partition {@code p}, or null when the node holds none now (not
     * placed here, not created yet, or removed).
     */
    PartitionGroup replica(int partition);
}
