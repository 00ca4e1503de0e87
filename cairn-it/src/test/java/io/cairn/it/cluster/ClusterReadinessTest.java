package io.cairn.it.cluster;

import io.cairn.testkit.ClusterReadiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.ReplicaStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterReadinessTest {

    private static ClusterMembers members(String... states) {
        List<ClusterMember> list = new java.util.ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            list.add(new ClusterMember("n" + i, "127.0.0.1:" + (7000 + i), "127.0.0.1:" + (8000 + i), states[i], true,
                    List.of(), List.of()));
        }
        return new ClusterMembers(1, "n0", 2, 3, list);
    }

    private static ClusterPartition partition(int p, String leader, List<String> placement, String... replicas) {
        List<ReplicaStatus> held = new java.util.ArrayList<>();
        for (String r : replicas) {
            held.add(new ReplicaStatus(r, r.equals(leader) ? "LEADER" : "FOLLOWER", 10));
        }
        return new ClusterPartition(p, placement, held, leader, leader == null ? 0 : 2);
    }

    private static final List<String> P0 = List.of("n0", "n1", "n2");
    private static final List<String> P1 = List.of("n1", "n2", "n0");

    @Test
    void aFormedClusterIsReplicatedAndConverged() {
        ClusterPartitions table = new ClusterPartitions(1, List.of(partition(0, "n0", P0, "n0", "n1", "n2"),
                partition(1, "n1", P1, "n2", "n1", "n0")));

        assertThat(ClusterReadiness.replicatedProblem(members("alive", "alive", "alive"), table)).isNull();
        assertThat(ClusterReadiness.convergedProblem(members("alive", "alive", "alive"), table,
                Set.of("n0", "n1", "n2"))).isNull();
    }

    @Test
    void aPartitionShortOfReplicasOrLeaderIsNotReady() {
        ClusterPartitions shortOne = new ClusterPartitions(1, List.of(partition(0, "n0", P0, "n0", "n1", "n2"),
                partition(1, "n1", P1, "n1", "n2")));
        ClusterPartitions leaderless = new ClusterPartitions(1, List.of(partition(0, null, P0, "n0", "n1", "n2"),
                partition(1, "n1", P1, "n1", "n2", "n0")));

        assertThat(ClusterReadiness.replicatedProblem(members("alive", "alive", "alive"), shortOne))
                .isEqualTo("partition 1 has 2 replicas, not 3");
        assertThat(ClusterReadiness.replicatedProblem(members("alive", "alive", "alive"), leaderless))
                .isEqualTo("partition 0 has no leader");
        // Replication is capped at the members alive: two replicas are all a failed third allows.
        assertThat(ClusterReadiness.replicatedProblem(members("alive", "alive", "failed"),
                new ClusterPartitions(1, List.of(partition(0, "n0", P0, "n0", "n1"), partition(1, "n1", P1, "n1", "n0")))))
                .isNull();
    }

    @Test
    void aLeaderOtherThanThePreferredOneOrAStoppedReplicaIsNotConverged() {
        ClusterPartitions moved = new ClusterPartitions(1, List.of(partition(0, "n1", P0, "n0", "n1", "n2"),
                partition(1, "n1", P1, "n1", "n2", "n0")));
        ClusterPartitions fine = new ClusterPartitions(1, List.of(partition(0, "n0", P0, "n0", "n1", "n2"),
                partition(1, "n1", P1, "n1", "n2", "n0")));

        assertThat(ClusterReadiness.convergedProblem(members("alive", "alive", "alive"), moved, Set.of("n0", "n1", "n2")))
                .isEqualTo("partition 0 is led by n1, preferred n0");
        assertThat(ClusterReadiness.convergedProblem(members("alive", "alive", "alive"), fine, Set.of("n0", "n1")))
                .startsWith("partition 0 has a replica on a stopped member");
        assertThat(ClusterReadiness.convergedProblem(members("alive", "failed", "alive"), fine, Set.of("n0", "n1", "n2")))
                .isEqualTo("member n1 is failed");
        // A node that runs but has not joined (the first of a bootstrap formed the cluster alone)
        // is not converged, however well placed the members' partitions are.
        assertThat(ClusterReadiness.convergedProblem(members("alive", "alive", "alive"), fine,
                Set.of("n0", "n1", "n2", "n3"))).isEqualTo("node n3 is running but not a member yet");
    }
}
