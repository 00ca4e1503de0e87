package io.cairn.bench.placement;

import io.cairn.core.placement.PlacementTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cluster's life in placements: a table for {@code minNodes} nodes
 * ({@link PlacementTable#initial}), then one {@link PlacementTable#withNode join} at a time up
 * to {@code maxNodes}, then one {@link PlacementTable#withoutNode leave} at a time of a node
 * picked at random back down to {@code minNodes}. Each change starts from the table before it,
 * as a running cluster's would, so imbalance can accumulate over the walk.
 *
 * <p>Node ids look like Cairn's generated ones ({@code node-} and 8 hex digits) and come from the
 * seeded random, as do the leavers: one seed gives one walk. Rendezvous scores depend on the
 * ids, so other seeds give other (equally likely) clusters.
 */
public final class PlacementWalk {

    private PlacementWalk() {
    }

    /**
     * Runs the walk and returns its steps in order: the initial table, {@code maxNodes - minNodes}
     * joins, then as many leaves.
     *
     * @throws IllegalArgumentException unless {@code 1 <= minNodes <= maxNodes},
     *     {@code partitions >= 1} and {@code replicationFactor >= 1}
     */
    public static List<PlacementStep> run(int partitions, int replicationFactor, int minNodes, int maxNodes,
            long seed) {
        if (minNodes < 1 || maxNodes < minNodes || partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("need 1 <= minNodes <= maxNodes and positive partitions and"
                    + " replicationFactor, got partitions=" + partitions + " replicationFactor="
                    + replicationFactor + " minNodes=" + minNodes + " maxNodes=" + maxNodes);
        }
        Random random = new Random(seed);
        Set<String> issued = new HashSet<>();
        List<String> first = new ArrayList<>();
        while (first.size() < minNodes) {
            first.add(newId(random, issued));
        }
        List<PlacementStep> steps = new ArrayList<>(2 * (maxNodes - minNodes) + 1);
        PlacementTable table = PlacementTable.initial(first, partitions, replicationFactor);
        steps.add(measure(PlacementStep.Kind.INITIAL, "", null, table));
        while (table.nodes().size() < maxNodes) {
            String joiner = newId(random, issued);
            PlacementTable next = table.withNode(joiner);
            steps.add(measure(PlacementStep.Kind.JOIN, joiner, table, next));
            table = next;
        }
        while (table.nodes().size() > minNodes) {
            List<String> nodes = new ArrayList<>(table.nodes());
            String leaver = nodes.get(random.nextInt(nodes.size()));
            PlacementTable next = table.withoutNode(leaver);
            steps.add(measure(PlacementStep.Kind.LEAVE, leaver, table, next));
            table = next;
        }
        return steps;
    }

    private static String newId(Random random, Set<String> issued) {
        String id;
        do {
            id = String.format("node-%08x", random.nextInt());
        } while (!issued.add(id));
        return id;
    }

    /**
     * Measures the change from {@code before} (null for {@link PlacementStep.Kind#INITIAL}) to
     * {@code after}; package-private so that tests can measure hand-made bad changes.
     */
    static PlacementStep measure(PlacementStep.Kind kind, String node, PlacementTable before,
            PlacementTable after) {
        Map<String, Integer> replicas = new TreeMap<>();
        Map<String, Integer> leaders = new TreeMap<>();
        for (String n : after.nodes()) {
            replicas.put(n, 0);
            leaders.put(n, 0);
        }
        int defects = 0;
        int perPartition = Math.min(after.replicationFactor(), after.nodes().size());
        for (int p = 0; p < after.partitions(); p++) {
            List<String> holders = after.replicas(p);
            if (holders.size() != perPartition || new HashSet<>(holders).size() != holders.size()
                    || !after.nodes().containsAll(holders)) {
                defects++;
                continue;
            }
            for (String holder : holders) {
                replicas.merge(holder, 1, Integer::sum);
            }
            leaders.merge(holders.get(0), 1, Integer::sum);
        }
        for (String n : after.nodes()) {
            if (!replicas.get(n).equals(after.loads().get(n)) || !leaders.get(n).equals(after.leaderLoads().get(n))) {
                defects++;
            }
        }
        LoadSpread replicaSpread = LoadSpread.of(replicas);
        if (before == null) {
            return new PlacementStep(kind, node, after.nodes().size(), replicaSpread, LoadSpread.of(leaders),
                    new PlacementDiff(0, Map.of(), Map.of(), 0, 0, 0), 0, 0, 0, defects);
        }
        PlacementDiff diff = PlacementDiff.between(before, after);
        if (before.moves(after) != diff.created()) {
            defects++;
        }
        int leaverLoad = 0;
        int leaverLeads = 0;
        double ideal;
        if (kind == PlacementStep.Kind.JOIN) {
            ideal = replicaSpread.mean();
        } else {
            for (int p = 0; p < before.partitions(); p++) {
                if (before.replicas(p).contains(node)) {
                    leaverLoad++;
                }
                if (before.replicas(p).get(0).equals(node)) {
                    leaverLeads++;
                }
            }
            ideal = after.replicasPerPartition() == before.replicasPerPartition() ? leaverLoad : 0;
        }
        return new PlacementStep(kind, node, after.nodes().size(), replicaSpread, LoadSpread.of(leaders), diff,
                ideal, leaverLoad, leaverLeads, defects);
    }
}
