package io.cairn.bench.placement;

import io.cairn.core.placement.PlacementTable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a cluster must do to go from one placement to the next, counted partition by partition
 * from the tables' replica lists.
 *
 * @param created replicas that {@code after} places on a node that did not hold that partition
 *     in {@code before}: each is a copy of the partition's data to make
 * @param gained per node, the replicas it holds in {@code after} and not in {@code before}
 *     (only nodes that gained any)
 * @param lost per node, the replicas it held in {@code before} and not in {@code after} (only
 *     nodes that lost any)
 * @param betweenStayers replicas that went from one node to another where both nodes are in
 *     both tables: per partition, the smaller of the number of staying nodes that gained it and
 *     of those that lost it. Minimal movement means zero: a join only gives to the newcomer, a
 *     leave only takes from the leaver
 * @param widestChange the most replicas any one partition gained (a join should change at most
 *     one per partition, so that a Raft group never swaps two members at once)
 * @param leadersChanged partitions whose preferred leader differs
 */
public record PlacementDiff(int created, Map<String, Integer> gained, Map<String, Integer> lost,
        int betweenStayers, int widestChange, int leadersChanged) {

    public PlacementDiff {
        gained = Map.copyOf(gained);
        lost = Map.copyOf(lost);
    }

    /** The difference from {@code before} to {@code after}, which must have equal partition counts. */
    public static PlacementDiff between(PlacementTable before, PlacementTable after) {
        if (before.partitions() != after.partitions()) {
            throw new IllegalArgumentException("partition counts differ: " + before.partitions() + " and "
                    + after.partitions());
        }
        Set<String> stayers = new HashSet<>(before.nodes());
        stayers.retainAll(after.nodes());
        Map<String, Integer> gained = new TreeMap<>();
        Map<String, Integer> lost = new TreeMap<>();
        int created = 0;
        int betweenStayers = 0;
        int widest = 0;
        int leadersChanged = 0;
        for (int p = 0; p < before.partitions(); p++) {
            List<String> was = before.replicas(p);
            List<String> is = after.replicas(p);
            int stayersGaining = 0;
            int stayersLosing = 0;
            int gainedHere = 0;
            for (String node : is) {
                if (!was.contains(node)) {
                    gained.merge(node, 1, Integer::sum);
                    gainedHere++;
                    if (stayers.contains(node)) {
                        stayersGaining++;
                    }
                }
            }
            for (String node : was) {
                if (!is.contains(node)) {
                    lost.merge(node, 1, Integer::sum);
                    if (stayers.contains(node)) {
                        stayersLosing++;
                    }
                }
            }
            created += gainedHere;
            widest = Math.max(widest, gainedHere);
            betweenStayers += Math.min(stayersGaining, stayersLosing);
            if (!was.get(0).equals(is.get(0))) {
                leadersChanged++;
            }
        }
        return new PlacementDiff(created, gained, lost, betweenStayers, widest, leadersChanged);
    }

    /** Replicas {@code node} gained; zero if none. */
    public int gainedBy(String node) {
        return gained.getOrDefault(node, 0);
    }

    /** Replicas {@code node} lost; zero if none. */
    public int lostBy(String node) {
        return lost.getOrDefault(node, 0);
    }
}
