package io.cairn.core.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * A node joining a placement: it only receives replicas, and leaderships of partitions it holds.
 * No replica moves between two nodes that both stay, and no partition changes more than one
 * replica.
 *
 * <p>Replicas. The new node first fills every partition that was short (while there were fewer
 * nodes than the replication factor). Then its target is {@code floor(partitions * R' / (N + 1))},
 * R' the replicas per partition with it. It visits partitions best score first (its own
 * rendezvous order) and, in each it does not hold yet, takes over the replica of the most-loaded
 * holder (on equal loads a follower before the leader, the lowest-ranked first) if that holder
 * is above a level. The level starts one below the highest load and goes down to the target,
 * one pass per level, until the new node holds the target: the fullest nodes are drained first
 * and nodes at or below their fair share keep what they have. Should a node still be above the
 * {@linkplain FairShare#cap() cap} after that, a last pass lets the new node take from such
 * nodes up to that cap itself. A replica taken from a leader brings the leadership with it.
 *
 * <p>Leaders. The same levels, against the leader share {@code partitions / (N + 1)}: among the
 * partitions it holds, the new node takes the leadership from leaders above the level, fullest
 * first. If the replicas it took brought it more than {@code ceil} of that share, it first hands
 * the excess, worst-scoring partitions first, to co-holders below it. Leadership moves are cheap
 * (no data is copied) but each is an election, so the new node takes no more than its share.
 */
final class NodeJoin {

    private NodeJoin() {
    }

    /** Adds {@code node}, which {@code draft} must not hold yet, and rebalances towards it. */
    static void apply(PlacementDraft draft, String node) {
        draft.addNode(node);
        int r = draft.replicasPerPartition();
        for (int p = 0; p < draft.partitions(); p++) {
            if (draft.holders(p).size() < r) {
                draft.add(p, node);
            }
        }
        List<Integer> order = bestFirst(node, draft.partitions());
        int nodeCount = draft.nodes().size();

        FairShare replicas = new FairShare((long) draft.partitions() * r, nodeCount);
        for (long level = draft.highestLoad() - 1L; level >= replicas.floor()
                && draft.load(node) < replicas.floor(); level--) {
            takeReplicas(draft, node, order, level, replicas.floor());
        }
        takeReplicas(draft, node, order, replicas.cap(), replicas.cap());

        FairShare leaders = new FairShare(draft.partitions(), nodeCount);
        shedLeaderships(draft, node, order, leaders.ceil());
        for (long level = draft.highestLeaderLoad() - 1L; level >= leaders.floor()
                && draft.leaderLoad(node) < leaders.floor(); level--) {
            takeLeaderships(draft, node, order, level, leaders.floor());
        }
        takeLeaderships(draft, node, order, leaders.cap(), leaders.cap());
    }

    /**
     * One replica pass: {@code taker} visits {@code order} and takes over the replica of each
     * partition's most-loaded holder whose load is above {@code giverAbove}, until it holds
     * {@code takerUpTo} replicas.
     */
    private static void takeReplicas(PlacementDraft draft, String taker, List<Integer> order, long giverAbove,
            long takerUpTo) {
        for (int p : order) {
            if (draft.load(taker) >= takerUpTo) {
                return;
            }
            if (draft.holds(p, taker)) {
                continue;
            }
            // Holders are the leader, then followers best first: the last one seen with the
            // highest load is a follower if any follower ties, and the lowest-ranked of them.
            String giver = draft.leader(p);
            for (String holder : draft.holders(p)) {
                if (draft.load(holder) >= draft.load(giver)) {
                    giver = holder;
                }
            }
            if (draft.load(giver) > giverAbove) {
                draft.replace(p, giver, taker);
            }
        }
    }

    /**
     * One leadership pass: {@code taker} visits {@code order} and, in each partition it follows,
     * takes the leadership from a leader leading more than {@code giverAbove} partitions, until
     * it leads {@code takerUpTo}.
     */
    private static void takeLeaderships(PlacementDraft draft, String taker, List<Integer> order, long giverAbove,
            long takerUpTo) {
        for (int p : order) {
            if (draft.leaderLoad(taker) >= takerUpTo) {
                return;
            }
            String leader = draft.leader(p);
            if (!leader.equals(taker) && draft.holds(p, taker) && draft.leaderLoad(leader) > giverAbove) {
                draft.lead(p, taker);
            }
        }
    }

    /**
     * Undoes an inheritance beyond the share: while {@code node} leads more than {@code keep}
     * partitions, it hands the leadership of those it scores worst on to the follower leading
     * fewest (best-ranked on equal counts), if that follower leads fewer than {@code keep}.
     */
    private static void shedLeaderships(PlacementDraft draft, String node, List<Integer> order, long keep) {
        for (int i = order.size() - 1; i >= 0 && draft.leaderLoad(node) > keep; i--) {
            int p = order.get(i);
            if (!draft.leader(p).equals(node)) {
                continue;
            }
            String lightest = null;
            for (String holder : draft.holders(p)) {
                if (!holder.equals(node) && (lightest == null || draft.leaderLoad(holder) < draft.leaderLoad(lightest))) {
                    lightest = holder;
                }
            }
            if (lightest != null && draft.leaderLoad(lightest) < keep) {
                draft.lead(p, lightest);
            }
        }
    }

    /** Partitions by {@code node}'s rendezvous score, best first; equal scores by number. */
    private static List<Integer> bestFirst(String node, int partitions) {
        long[] score = new long[partitions];
        List<Integer> order = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            order.add(p);
            score[p] = RendezvousScore.of(node, p);
        }
        order.sort((a, b) -> {
            int byScore = Long.compareUnsigned(score[b], score[a]);
            return byScore != 0 ? byScore : Integer.compare(a, b);
        });
        return order;
    }
}
