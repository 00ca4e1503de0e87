package io.cairn.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The API's contracts on small, readable cases; {@link PlacementPropertiesTest} covers scale. */
class PlacementTableTest {

    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    @Test
    void everyPartitionHasItsReplicasOnDistinctNodesPreferredLeaderFirst() {
        PlacementTable table = PlacementTable.initial(FIVE, 16, 3);

        assertThat(table.partitions()).isEqualTo(16);
        assertThat(table.replicationFactor()).isEqualTo(3);
        assertThat(table.replicasPerPartition()).isEqualTo(3);
        assertThat(table.nodes()).containsExactlyElementsOf(FIVE);
        for (int p = 0; p < 16; p++) {
            List<String> replicas = table.replicas(p);
            assertThat(replicas).hasSize(3).doesNotHaveDuplicates().isSubsetOf(FIVE);
            assertThat(table.preferredLeader(p)).isEqualTo(replicas.get(0));
            List<String> followers = replicas.subList(1, 3);
            assertThat(followers).isSortedAccordingTo(RendezvousScore.ranking(p));
        }
    }

    @Test
    void loadsAndPartitionsOfAgreeWithReplicas() {
        PlacementTable table = PlacementTable.initial(FIVE, 16, 3);

        for (String node : FIVE) {
            Set<Integer> held = new TreeSet<>();
            int led = 0;
            for (int p = 0; p < 16; p++) {
                if (table.replicas(p).contains(node)) {
                    held.add(p);
                }
                if (table.preferredLeader(p).equals(node)) {
                    led++;
                }
            }
            assertThat(table.partitionsOf(node)).as(node).containsExactlyElementsOf(held);
            assertThat(table.loads().get(node)).as(node).isEqualTo(held.size());
            assertThat(table.leaderLoads().get(node)).as(node).isEqualTo(led);
        }
        assertThat(table.partitionsOf("unknown")).isEmpty();
        // 48 replicas over 5 nodes and 16 leaderships: the tightest split.
        assertThat(table.loads().values()).allSatisfy(load -> assertThat(load).isBetween(9, 10));
        assertThat(table.leaderLoads().values()).allSatisfy(led -> assertThat(led).isBetween(3, 4));
    }

    @Test
    void theSameNodesInAnyOrderGiveEqualTables() {
        PlacementTable reference = PlacementTable.initial(FIVE, 64, 3);
        Random random = new Random(42);
        for (int i = 0; i < 10; i++) {
            List<String> shuffled = new ArrayList<>(FIVE);
            Collections.shuffle(shuffled, random);
            PlacementTable table = PlacementTable.initial(shuffled, 64, 3);
            assertThat(table).as("order %s", shuffled).isEqualTo(reference).hasSameHashCodeAs(reference);
        }
        assertThat(PlacementTable.initial(FIVE, 64, 2)).isNotEqualTo(reference);
        assertThat(PlacementTable.initial(FIVE, 63, 3)).isNotEqualTo(reference);
    }

    @Test
    void ofRebuildsAStoredTableWithFollowersInAnyOrder() {
        PlacementTable table = PlacementTable.initial(FIVE, 32, 3).withNode("n6").withoutNode("n2");
        List<List<String>> stored = new ArrayList<>();
        for (int p = 0; p < table.partitions(); p++) {
            List<String> replicas = new ArrayList<>(table.replicas(p));
            Collections.reverse(replicas.subList(1, replicas.size()));
            stored.add(replicas);
        }

        PlacementTable rebuilt = PlacementTable.of(table.nodes(), 3, stored);

        assertThat(rebuilt).isEqualTo(table).hasSameHashCodeAs(table);
        assertThat(rebuilt.loads()).isEqualTo(table.loads());
        assertThat(rebuilt.leaderLoads()).isEqualTo(table.leaderLoads());
        assertThat(rebuilt.withNode("n7")).isEqualTo(table.withNode("n7"));
    }

    @Test
    void replicasAreCappedByTheNodeCountAndRestoredAsNodesJoin() {
        PlacementTable one = PlacementTable.initial(List.of("a"), 8, 3);
        assertThat(one.replicasPerPartition()).isEqualTo(1);
        assertThat(one.replicationFactor()).isEqualTo(3);

        PlacementTable two = one.withNode("b");
        PlacementTable three = two.withNode("c");
        PlacementTable four = three.withNode("d");
        for (int p = 0; p < 8; p++) {
            assertThat(two.replicas(p)).containsExactlyInAnyOrder("a", "b");
            assertThat(three.replicas(p)).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(four.replicas(p)).hasSize(3).doesNotHaveDuplicates();
        }
        assertThat(one.moves(two)).isEqualTo(8);
        assertThat(two.moves(three)).isEqualTo(8);

        PlacementTable shrunk = three.withoutNode("a");
        assertThat(shrunk.replicasPerPartition()).isEqualTo(2);
        for (int p = 0; p < 8; p++) {
            assertThat(shrunk.replicas(p)).containsExactlyInAnyOrder("b", "c");
        }
        assertThat(three.moves(shrunk)).as("dropped replicas cost nothing").isZero();
    }

    @Test
    void movesCountsReplicaCopiesOnly() {
        PlacementTable table = PlacementTable.initial(FIVE, 32, 3);
        assertThat(table.moves(table)).isZero();
        PlacementTable joined = table.withNode("n6");
        assertThat(table.moves(joined)).isEqualTo(joined.loads().get("n6"));
    }

    @Test
    void badArgumentsAreRejectedByName() {
        assertRejected(() -> PlacementTable.initial(null, 8, 3), "nodeIds");
        assertRejected(() -> PlacementTable.initial(List.of(), 8, 3), "nodeIds");
        assertRejected(() -> PlacementTable.initial(Arrays.asList("a", null), 8, 3), "nodeIds");
        assertRejected(() -> PlacementTable.initial(List.of("a", " "), 8, 3), "nodeIds");
        assertRejected(() -> PlacementTable.initial(List.of("a", "a"), 8, 3), "nodeIds");
        assertRejected(() -> PlacementTable.initial(FIVE, 0, 3), "partitions");
        assertRejected(() -> PlacementTable.initial(FIVE, 8, 0), "replicationFactor");

        PlacementTable table = PlacementTable.initial(FIVE, 8, 3);
        assertRejected(() -> table.withNode(null), "nodeId");
        assertRejected(() -> table.withNode(""), "nodeId");
        assertRejected(() -> table.withNode("n1"), "nodeId");
        assertRejected(() -> table.withoutNode("n9"), "nodeId");
        assertRejected(() -> table.withoutNode(" "), "nodeId");
        assertRejected(() -> PlacementTable.initial(List.of("a"), 8, 3).withoutNode("a"), "nodeId");
        assertRejected(() -> table.replicas(-1), "partition");
        assertRejected(() -> table.replicas(8), "partition");
        assertRejected(() -> table.preferredLeader(8), "partition");
        assertRejected(() -> table.partitionsOf(null), "nodeId");
        assertRejected(() -> table.moves(null), "other");
        assertRejected(() -> table.moves(PlacementTable.initial(FIVE, 9, 3)), "other");

        assertRejected(() -> PlacementTable.of(FIVE, 3, null), "replicas");
        assertRejected(() -> PlacementTable.of(FIVE, 3, List.of()), "replicas");
        assertRejected(() -> PlacementTable.of(FIVE, 0, List.of(List.of("n1"))), "replicationFactor");
        assertRejected(() -> PlacementTable.of(List.of(), 1, List.of(List.of("n1"))), "nodeIds");
        assertRejected(() -> PlacementTable.of(FIVE, 3, List.of(List.of("n1", "n2"))), "replicas of partition 0");
        assertRejected(() -> PlacementTable.of(FIVE, 3, List.of(List.of("n1", "n2", "n2"))), "replicas of partition 0");
        assertRejected(() -> PlacementTable.of(FIVE, 2, List.of(List.of("n1", "n2"), List.of("n1", "x"))),
                "replicas of partition 1");
        assertRejected(() -> PlacementTable.of(FIVE, 2, Arrays.asList(List.of("n1", "n2"), null)),
                "replicas of partition 1");
    }

    @Test
    void tablesAreImmutable() {
        PlacementTable table = PlacementTable.initial(FIVE, 8, 3);
        assertThat(table.replicas(0)).isUnmodifiable();
        assertThat(table.partitionsOf("n1")).isUnmodifiable();
        assertThat(table.nodes()).isUnmodifiable();
        assertThat(table.loads()).isUnmodifiable();
        assertThat(table.leaderLoads()).isUnmodifiable();
    }

    private static void assertRejected(Runnable call, String argument) {
        assertThatIllegalArgumentException().isThrownBy(call::run).withMessageStartingWith(argument);
    }
}
