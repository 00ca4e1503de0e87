package io.cairn.bench.placement;

/**
 * One step of a {@link PlacementWalk}: the table after a node joined or left (or the first
 * table), how evenly it spreads the load, and what the change moved.
 *
 * @param kind what happened
 * @param node the node that joined or left; for {@link Kind#INITIAL}, the empty string
 * @param nodes the node count after the step
 * @param replicas replicas per node after the step
 * @param leaders preferred leaderships per node after the step
 * @param diff the difference from the previous table; all zeros for {@link Kind#INITIAL}
 * @param idealMoves the fewest replicas any placement could create for this step: for a join,
 *     the newcomer's even share {@code total / N} (N counted after the join); for a leave, the
 *     replicas the leaver held (each must be re-created on a staying node), or zero when the
 *     step lowers the replicas per partition (then the leaver's replicas are only dropped)
 * @param leaverLoad for a leave, the replicas the leaver held; zero otherwise
 * @param leaverLeads for a leave, the partitions the leaver was preferred leader of; zero otherwise
 * @param defects partitions whose replicas are not {@code min(R, N)} distinct table nodes, plus
 *     nodes whose {@code loads()} or {@code leaderLoads()} in the table disagree with the counts
 *     taken from the replica lists, plus one if the table's {@code moves} disagrees with
 *     {@code diff.created()}: zero in a correct table
 */
public record PlacementStep(Kind kind, String node, int nodes, LoadSpread replicas, LoadSpread leaders,
        PlacementDiff diff, double idealMoves, int leaverLoad, int leaverLeads,
        int defects) {

    /** What a step did to the cluster. */
    public enum Kind { INITIAL, JOIN, LEAVE }

    /** Replicas created by the step: the data copies a cluster makes to apply it. */
    public int moved() {
        return diff.created();
    }
}
