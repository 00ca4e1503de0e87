package io.cairn.core.placement;

import java.util.List;

/**
 * A node leaving a placement: only the replicas it held move, each to a staying node that did
 * not hold that partition, and only the leaderships it held change hands.
 *
 * <p>Partitions are visited in ascending order. Each one the node held gets, in its place, the
 * least-loaded staying node that does not hold it yet (on equal loads, the best-ranked for that
 * partition); if fewer nodes than the replication factor remain, it keeps one replica fewer.
 * If the node led the partition, the new leader is the holder, the heir included, that leads
 * the fewest partitions (on equal counts, the best-ranked). Giving to the least loaded is what
 * keeps the balance through long sequences of joins and leaves.
 */
final class NodeLeave {

    private NodeLeave() {
    }

    /** Removes {@code node}, which {@code draft} must hold along with at least one other node. */
    static void apply(PlacementDraft draft, String node) {
        for (int p = 0; p < draft.partitions(); p++) {
            if (!draft.holds(p, node)) {
                continue;
            }
            String heir = heir(draft, node, p);
            String successor = draft.leader(p).equals(node) ? successor(draft, node, heir, p) : null;
            if (heir != null) {
                draft.replace(p, node, heir);
            } else {
                draft.remove(p, node);
            }
            if (successor != null) {
                draft.lead(p, successor);
            }
        }
        draft.dropNode(node);
    }

    /** The least-loaded, then best-ranked, staying node not holding {@code partition}; or null. */
    private static String heir(PlacementDraft draft, String leaving, int partition) {
        String heir = null;
        long heirScore = 0;
        for (String candidate : draft.nodes()) {
            if (candidate.equals(leaving) || draft.holds(partition, candidate)) {
                continue;
            }
            long score = RendezvousScore.of(candidate, partition);
            if (heir == null || isBetter(candidate, draft.load(candidate), score, heir, draft.load(heir), heirScore)) {
                heir = candidate;
                heirScore = score;
            }
        }
        return heir;
    }

    /** Among the staying holders of {@code partition} and {@code heir}, the one leading fewest. */
    private static String successor(PlacementDraft draft, String leaving, String heir, int partition) {
        String successor = heir;
        long successorScore = heir == null ? 0 : RendezvousScore.of(heir, partition);
        List<String> holders = draft.holders(partition);
        for (String candidate : holders) {
            if (candidate.equals(leaving)) {
                continue;
            }
            long score = RendezvousScore.of(candidate, partition);
            if (successor == null || isBetter(candidate, draft.leaderLoad(candidate), score, successor,
                    draft.leaderLoad(successor), successorScore)) {
                successor = candidate;
                successorScore = score;
            }
        }
        return successor;
    }

    /** Lower load wins; on equal loads, the better rendezvous rank for the partition. */
    private static boolean isBetter(String candidate, int load, long score, String incumbent, int incumbentLoad,
            long incumbentScore) {
        if (load != incumbentLoad) {
            return load < incumbentLoad;
        }
        return RendezvousScore.compare(candidate, score, incumbent, incumbentScore) < 0;
    }
}
