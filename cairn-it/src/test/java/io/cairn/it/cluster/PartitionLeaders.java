package io.cairn.it.cluster;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.testkit.NodeCluster;

/** Which node of a test cluster leads a service's partition, as the cluster endpoints say. */
final class PartitionLeaders {

    private PartitionLeaders() {
    }

    /** The index of the node that leads the partition of {@code service} (namespace {@code default}). */
    static int nodeLeading(NodeCluster cluster, int partitions, String service) throws Exception {
        int partition = new Partitioner(partitions).partitionOf(new ServiceKey("default", service));
        ClusterPartitions table = cluster.get(cluster.node(0), "/v1/cluster/partitions", ClusterPartitions.class);
        ClusterMembers members = cluster.get(cluster.node(0), "/v1/cluster/members", ClusterMembers.class);
        String leaderId = table.partitions().stream().filter(p -> p.partition() == partition)
                .map(ClusterPartition::leader).findFirst().orElseThrow();
        String http = members.members().stream().filter(m -> m.id().equals(leaderId)).map(ClusterMember::http)
                .findFirst().orElseThrow();
        for (NodeCluster.Node n : cluster.nodes()) {
            if (n.hostPort().equals(http)) {
                return n.index();
            }
        }
        throw new AssertionError("no node at " + http);
    }
}
