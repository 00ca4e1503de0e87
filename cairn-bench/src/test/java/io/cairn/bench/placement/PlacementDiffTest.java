package io.cairn.bench.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cairn.core.placement.PlacementTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulation's checks catch what they look for. {@code PlacementTable} itself never makes
 * these changes, so the bad tables are built by hand with {@link PlacementTable#of}: if a check
 * could not fail here, the zeros in docs/benchmarks.md would prove nothing.
 */
class PlacementDiffTest {

    private static final List<String> FOUR = List.of("a", "b", "c", "d");

    /** Four nodes, R = 2, each node holding two replicas and leading one partition. */
    private static final PlacementTable BEFORE = PlacementTable.of(FOUR, 2,
            List.of(List.of("a", "b"), List.of("c", "d"), List.of("b", "c"), List.of("d", "a")));

    @Test
    void aJoinThatOnlyFeedsTheNewcomerPasses() {
        PlacementTable after = PlacementTable.of(List.of("a", "b", "c", "d", "e"), 2,
                List.of(List.of("e", "b"), List.of("c", "d"), List.of("b", "c"), List.of("d", "a")));

        PlacementStep join = PlacementWalk.measure(PlacementStep.Kind.JOIN, "e", BEFORE, after);

        assertThat(join.moved()).isEqualTo(1);
        assertThat(join.idealMoves()).isEqualTo(8 / 5.0);
        assertThat(join.diff().betweenStayers()).isZero();
        assertThat(join.diff().leadersChanged()).isEqualTo(1);
        assertThat(join.defects()).isZero();
        assertThat(WalkSummary.isJoinShare(join)).isTrue();
    }

    @Test
    void aReplicaMovedBetweenStayingNodesIsCaughtInAJoin() {
        // Partition 2 goes from b to a: both stay.
        PlacementTable after = PlacementTable.of(List.of("a", "b", "c", "d", "e"), 2,
                List.of(List.of("e", "b"), List.of("c", "d"), List.of("a", "c"), List.of("d", "a")));

        PlacementStep join = PlacementWalk.measure(PlacementStep.Kind.JOIN, "e", BEFORE, after);

        assertThat(join.diff().betweenStayers()).isEqualTo(1);
        assertThat(join.diff().gainedBy("a")).isEqualTo(1);
        assertThat(join.diff().lostBy("b")).isEqualTo(1);
        assertThat(WalkSummary.isJoinShare(join)).isFalse();
    }

    @Test
    void aPartitionThatChangesTwoReplicasInOneJoinIsCaught() {
        // Partition 0 swaps both replicas: one to the newcomer, one to c.
        PlacementTable after = PlacementTable.of(List.of("a", "b", "c", "d", "e"), 2,
                List.of(List.of("e", "c"), List.of("c", "d"), List.of("b", "c"), List.of("d", "a")));

        PlacementStep join = PlacementWalk.measure(PlacementStep.Kind.JOIN, "e", BEFORE, after);

        assertThat(join.diff().widestChange()).isEqualTo(2);
        assertThat(join.diff().betweenStayers()).isEqualTo(1);
        assertThat(WalkSummary.isJoinShare(join)).isFalse();
    }

    @Test
    void aLeaveThatOnlyHandsOutTheLeaversReplicasPasses() {
        PlacementTable after = PlacementTable.of(List.of("a", "b", "d"), 2,
                List.of(List.of("a", "b"), List.of("a", "d"), List.of("b", "d"), List.of("d", "a")));

        PlacementStep leave = PlacementWalk.measure(PlacementStep.Kind.LEAVE, "c", BEFORE, after);

        assertThat(leave.leaverLoad()).isEqualTo(2);
        assertThat(leave.leaverLeads()).isEqualTo(1);
        assertThat(leave.moved()).isEqualTo(2);
        assertThat(leave.idealMoves()).isEqualTo(2);
        assertThat(leave.diff().betweenStayers()).isZero();
        assertThat(WalkSummary.isLeaverLoad(leave)).isTrue();
    }

    @Test
    void aLeaveThatAlsoMovesAStayersReplicaIsCaught() {
        // Besides c's two replicas, partition 3 goes from a to b: both stay.
        PlacementTable after = PlacementTable.of(List.of("a", "b", "d"), 2,
                List.of(List.of("a", "b"), List.of("a", "d"), List.of("b", "d"), List.of("d", "b")));

        PlacementStep leave = PlacementWalk.measure(PlacementStep.Kind.LEAVE, "c", BEFORE, after);

        assertThat(leave.moved()).isEqualTo(3);
        assertThat(leave.diff().betweenStayers()).isEqualTo(1);
        assertThat(WalkSummary.isLeaverLoad(leave)).isFalse();
    }

    @Test
    void aLeaveThatMovesALeadershipItDidNotHoldIsCaught() {
        // c's replicas are handed out correctly, but partition 0's leader changes from a to b.
        PlacementTable after = PlacementTable.of(List.of("a", "b", "d"), 2,
                List.of(List.of("b", "a"), List.of("a", "d"), List.of("b", "d"), List.of("d", "a")));

        PlacementStep leave = PlacementWalk.measure(PlacementStep.Kind.LEAVE, "c", BEFORE, after);

        assertThat(leave.diff().betweenStayers()).isZero();
        assertThat(leave.diff().leadersChanged()).isEqualTo(2);
        assertThat(WalkSummary.isLeaverLoad(leave)).isFalse();
    }

    @Test
    void spreadCountsEveryNodeIncludingEmptyOnes() {
        LoadSpread spread = LoadSpread.of(Map.of("a", 3, "b", 0, "c", 2));

        assertThat(spread.mean()).isEqualTo(5 / 3.0);
        assertThat(spread.ceilOfMean()).isEqualTo(2);
        assertThat(spread.floorOfMean()).isEqualTo(1);
        assertThat(spread.excess()).isEqualTo(1);
        assertThat(spread.shortfall()).isEqualTo(1);
        assertThat(spread.maxOverMean()).isCloseTo(1.8, within(1e-12));
    }
}
