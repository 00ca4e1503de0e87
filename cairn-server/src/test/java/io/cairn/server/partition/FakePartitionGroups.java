package io.cairn.server.partition;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@link PartitionGroups} of a fake node: one {@link FakePartitionGroup} per partition, each
 * starting as the ready leader. {@link #drop} and {@link #put} make the node lose or gain a
 * replica, as the cluster's controller does.
 */
public final class FakePartitionGroups implements PartitionGroups {

    private final AtomicReferenceArray<FakePartitionGroup> replicas;

    public FakePartitionGroups(String nodeId, int partitions) {
        replicas = new AtomicReferenceArray<>(partitions);
        for (int p = 0; p < partitions; p++) {
            replicas.set(p, new FakePartitionGroup(p, nodeId));
        }
    }

    @Override
    public FakePartitionGroup replica(int partition) {
        return replicas.get(partition);
    }

    /** The node no longer holds the partition; the old handle's calls fail from now on. */
    public void drop(int partition) {
        FakePartitionGroup old = replicas.getAndSet(partition, null);
        if (old != null) {
            old.close();
        }
    }

    public void put(FakePartitionGroup group) {
        replicas.set(group.partition(), group);
    }
}
