package io.cairn.bench.placement;

import java.util.List;
import java.util.Map;

/**
 * The worst figures of a whole {@link PlacementWalk}, over every step and node count.
 *
 * @param replicas the worst spread of replicas over nodes
 * @param leaders the worst spread of preferred leaderships over nodes
 * @param joinMovesBelowIdeal the most a join's created replicas fell short of its ideal
 *     ({@code total / N}), as a non-negative number
 * @param joinMovesAboveIdeal the most a join's created replicas exceeded its ideal
 * @param joinLeaderMovesOverShare the most a join's leadership changes exceeded the newcomer's
 *     share rounded up ({@code ceil(P / N)}), or zero; each change is a Raft election
 * @param joinsOffShare joins that created other than floor or ceil of the ideal, gave any replica
 *     to a node other than the newcomer, or changed more than one replica of a partition
 * @param leavesOffLoad leaves that moved other than exactly the leaver's replicas and
 *     leaderships (see {@link #isLeaverLoad})
 * @param betweenStayers replicas moved between two nodes that both stayed, over all steps
 * @param defects malformed partitions and disagreeing load counts over all steps
 */
public record WalkSummary(SpreadExtremes replicas, SpreadExtremes leaders, double joinMovesBelowIdeal,
        double joinMovesAboveIdeal, long joinLeaderMovesOverShare, int joinsOffShare, int leavesOffLoad,
        int betweenStayers, int defects) {

    /** Summarizes {@code steps}, which must not be empty. */
    public static WalkSummary of(List<PlacementStep> steps) {
        SpreadExtremes replicas = SpreadExtremes.of(steps, PlacementStep::replicas);
        SpreadExtremes leaders = SpreadExtremes.of(steps, PlacementStep::leaders);
        double below = 0;
        double above = 0;
        long leaderMovesOver = 0;
        int joinsOff = 0;
        int leavesOff = 0;
        int stayers = 0;
        int defects = 0;
        for (PlacementStep s : steps) {
            stayers += s.diff().betweenStayers();
            defects += s.defects();
            if (s.kind() == PlacementStep.Kind.JOIN) {
                below = Math.max(below, s.idealMoves() - s.moved());
                above = Math.max(above, s.moved() - s.idealMoves());
                leaderMovesOver = Math.max(leaderMovesOver, s.diff().leadersChanged() - s.leaders().ceilOfMean());
                if (!isJoinShare(s)) {
                    joinsOff++;
                }
            } else if (s.kind() == PlacementStep.Kind.LEAVE && !isLeaverLoad(s)) {
                leavesOff++;
            }
        }
        return new WalkSummary(replicas, leaders, below, above, leaderMovesOver, joinsOff, leavesOff, stayers,
                defects);
    }

    /**
     * A join that created floor or ceil of its ideal, every one on the newcomer, and at most one
     * per partition.
     */
    public static boolean isJoinShare(PlacementStep join) {
        long moved = join.moved();
        boolean share = moved == (long) Math.floor(join.idealMoves()) || moved == (long) Math.ceil(join.idealMoves());
        return share && join.diff().gainedBy(join.node()) == moved && join.diff().widestChange() <= 1;
    }

    /**
     * A leave that created exactly its ideal, took replicas from nobody but the leaver and changed
     * the leader only of the partitions the leaver led. A leave that lowers the replicas per
     * partition (fewer nodes left than R) must create nothing; the other nodes then drop replicas
     * too, so only the created count is checked.
     */
    public static boolean isLeaverLoad(PlacementStep leave) {
        if (leave.idealMoves() == 0 && leave.leaverLoad() > 0) {
            return leave.moved() == 0;
        }
        int lostByOthers = 0;
        for (Map.Entry<String, Integer> e : leave.diff().lost().entrySet()) {
            if (!e.getKey().equals(leave.node())) {
                lostByOthers += e.getValue();
            }
        }
        return leave.moved() == (long) leave.idealMoves() && leave.diff().lostBy(leave.node()) == leave.leaverLoad()
                && lostByOthers == 0 && leave.diff().leadersChanged() == leave.leaverLeads();
    }
}
