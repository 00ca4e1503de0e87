package io.cairn.core.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A placement being computed: the mutable working copy behind {@link PlacementTable}'s
 * factories and changes. It keeps each partition's holders in table order (the leader, then
 * the followers best rendezvous score first) and every node's replica and leader counts in
 * step with them, so that {@link InitialPlacement}, {@link NodeJoin} and {@link NodeLeave} only
 * decide who goes where.
 *
 * <p>Confined to the one call that creates it and never shared; {@link #toTable} copies it out.
 * Its edits trust their callers (package-private algorithms): they do not re-check arguments
 * that {@link PlacementTable} has already validated.
 */
final class PlacementDraft {

    private final int replicationFactor;
    private final SortedSet<String> nodes;
    /** Per partition: the leader at index 0, then the followers in ranking order. */
    private final List<List<String>> holders;
    private final Map<String, Integer> loads;
    private final Map<String, Integer> leaderLoads;

    private PlacementDraft(int replicationFactor, SortedSet<String> nodes, List<List<String>> holders,
            Map<String, Integer> loads, Map<String, Integer> leaderLoads) {
        this.replicationFactor = replicationFactor;
        this.nodes = nodes;
        this.holders = holders;
        this.loads = loads;
        this.leaderLoads = leaderLoads;
    }

    /** A draft of {@code partitions} partitions with no replicas yet. */
    static PlacementDraft empty(int replicationFactor, SortedSet<String> nodes, int partitions) {
        List<List<String>> holders = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            holders.add(new ArrayList<>(Math.min(replicationFactor, nodes.size())));
        }
        PlacementDraft draft = new PlacementDraft(replicationFactor, new TreeSet<>(), holders, new TreeMap<>(),
                new TreeMap<>());
        nodes.forEach(draft::addNode);
        return draft;
    }

    /** A draft starting from {@code table}'s content. */
    static PlacementDraft of(PlacementTable table) {
        List<List<String>> holders = new ArrayList<>(table.partitions());
        for (int p = 0; p < table.partitions(); p++) {
            holders.add(new ArrayList<>(table.replicas(p)));
        }
        return new PlacementDraft(table.replicationFactor(), new TreeSet<>(table.nodes()), holders,
                new TreeMap<>(table.loads()), new TreeMap<>(table.leaderLoads()));
    }

    int partitions() {
        return holders.size();
    }

    SortedSet<String> nodes() {
        return Collections.unmodifiableSortedSet(nodes);
    }

    /** The replicas each partition should have with the current nodes. */
    int replicasPerPartition() {
        return Math.min(replicationFactor, nodes.size());
    }

    /** The holders of {@code partition} in table order; a read-only view. */
    List<String> holders(int partition) {
        return Collections.unmodifiableList(holders.get(partition));
    }

    String leader(int partition) {
        return holders.get(partition).get(0);
    }

    boolean holds(int partition, String node) {
        return holders.get(partition).contains(node);
    }

    int load(String node) {
        return loads.get(node);
    }

    int leaderLoad(String node) {
        return leaderLoads.get(node);
    }

    int highestLoad() {
        return Collections.max(loads.values());
    }

    int highestLeaderLoad() {
        return Collections.max(leaderLoads.values());
    }

    /** Adds a node that holds nothing yet. */
    void addNode(String node) {
        nodes.add(node);
        loads.put(node, 0);
        leaderLoads.put(node, 0);
    }

    /** Drops {@code node}, which must hold no replica any more. */
    void dropNode(String node) {
        if (loads.get(node) != 0) {
            throw new IllegalStateException(node + " still holds " + loads.get(node) + " replicas");
        }
        nodes.remove(node);
        loads.remove(node);
        leaderLoads.remove(node);
    }

    /** Gives {@code node} a replica of {@code partition}: a follower, or the leader of an empty one. */
    void add(int partition, String node) {
        List<String> held = holders.get(partition);
        held.add(node);
        loads.merge(node, 1, Integer::sum);
        if (held.size() == 1) {
            leaderLoads.merge(node, 1, Integer::sum);
        } else {
            sortFollowers(partition);
        }
    }

    /**
     * Takes {@code node}'s replica of {@code partition} away. If it was the leader, the
     * best-ranked follower leads; callers that want another one call {@link #lead} next.
     */
    void remove(int partition, String node) {
        List<String> held = holders.get(partition);
        boolean wasLeader = held.get(0).equals(node);
        held.remove(node);
        loads.merge(node, -1, Integer::sum);
        if (wasLeader) {
            leaderLoads.merge(node, -1, Integer::sum);
            if (!held.isEmpty()) {
                leaderLoads.merge(held.get(0), 1, Integer::sum);
            }
        }
    }

    /** Hands {@code giver}'s replica of {@code partition} to {@code taker}, role included. */
    void replace(int partition, String giver, String taker) {
        List<String> held = holders.get(partition);
        int index = held.indexOf(giver);
        held.set(index, taker);
        loads.merge(giver, -1, Integer::sum);
        loads.merge(taker, 1, Integer::sum);
        if (index == 0) {
            leaderLoads.merge(giver, -1, Integer::sum);
            leaderLoads.merge(taker, 1, Integer::sum);
        } else {
            sortFollowers(partition);
        }
    }

    /** Makes {@code node}, which holds {@code partition}, its leader. */
    void lead(int partition, String node) {
        List<String> held = holders.get(partition);
        String previous = held.get(0);
        if (previous.equals(node)) {
            return;
        }
        held.set(held.indexOf(node), previous);
        held.set(0, node);
        leaderLoads.merge(previous, -1, Integer::sum);
        leaderLoads.merge(node, 1, Integer::sum);
        sortFollowers(partition);
    }

    PlacementTable toTable() {
        List<List<String>> replicas = new ArrayList<>(holders.size());
        for (List<String> held : holders) {
            replicas.add(List.copyOf(held));
        }
        return new PlacementTable(replicationFactor, Collections.unmodifiableSortedSet(new TreeSet<>(nodes)),
                List.copyOf(replicas), Collections.unmodifiableSortedMap(new TreeMap<>(loads)),
                Collections.unmodifiableSortedMap(new TreeMap<>(leaderLoads)));
    }

    private void sortFollowers(int partition) {
        List<String> held = holders.get(partition);
        held.subList(1, held.size()).sort(RendezvousScore.ranking(partition));
    }
}
