package io.cairn.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties of placement over seeded random inputs: balance, minimal movement, determinism.
 * Every assertion message starts with the seed (and the sizes) that produced the input, so a
 * failure reproduces by running the same check with that seed. Each test prints the worst
 * figure it saw to the test output (target/surefire-reports/*-output.txt).
 *
 * <p>Bounds. Replicas: at most 1.25 times the mean per node, the requirement. Leaders: at most
 * 1.5 times the mean. Leaderships are few per node (5.12 on average at 50 nodes and 256
 * partitions), so one leadership over the even split is already 20% over the mean, and a
 * leaving node's leaderships can only go to the partition's remaining holders: measured worst
 * is 1.34 (7 leaderships at a mean of 5.22); 1.5 allows 7 there and fails at 8. Movement on a
 * join: at most {@code ceil(total / (N + 1))} plus {@link #JOIN_SLACK}.
 */
class PlacementPropertiesTest {

    private static final int PARTITIONS = 256;
    private static final int[] FACTORS = {1, 3};
    private static final int MIN_NODES = 3;
    private static final int MAX_NODES = 50;
    private static final double REPLICA_LIMIT = 1.25;
    private static final double LEADER_LIMIT = 1.5;
    private static final int JOIN_SLACK = 2;
    private static final int SEEDS_PER_SIZE = 4;
    private static final int WALKS = 6;
    private static final int WALK_STEPS = 200;

    @Test
    void initialPlacementIsBalancedForEveryClusterSize() {
        Worst replicas = new Worst();
        Worst leaders = new Worst();
        for (int r : FACTORS) {
            for (int n = MIN_NODES; n <= MAX_NODES; n++) {
                for (int i = 0; i < SEEDS_PER_SIZE; i++) {
                    long seed = seed(r, n, i);
                    String context = "seed=" + seed + " N=" + n + " R=" + r;
                    PlacementTable table = PlacementTable.initial(new NodeIds(seed).next(n), PARTITIONS, r);
                    assertWellFormed(table, context);
                    assertThat(table.replicasPerPartition()).as(context).isEqualTo(Math.min(r, n));
                    replicas.record(spread(table.loads()), context);
                    leaders.record(spread(table.leaderLoads()), context);
                }
            }
        }
        System.out.println("initial: worst replicas max/mean " + replicas + ", leaders " + leaders);
        assertThat(replicas.value).as(replicas.context).isLessThanOrEqualTo(REPLICA_LIMIT);
        assertThat(leaders.value).as(leaders.context).isLessThanOrEqualTo(LEADER_LIMIT);
    }

    @Test
    void aJoiningNodeTakesAboutItsShareAndOnlyItTakes() {
        Worst overBound = new Worst();
        Worst underBound = new Worst();
        Worst handovers = new Worst();
        Worst replicas = new Worst();
        Worst leaders = new Worst();
        for (int r : FACTORS) {
            for (int n = MIN_NODES; n <= MAX_NODES; n++) {
                for (int i = 0; i < SEEDS_PER_SIZE; i++) {
                    long seed = seed(r, n, i);
                    String context = "seed=" + seed + " N=" + n + " R=" + r;
                    NodeIds ids = new NodeIds(seed);
                    PlacementTable before = PlacementTable.initial(ids.next(n), PARTITIONS, r);
                    PlacementTable after = before.withNode(ids.next(1).get(0));
                    int over = assertJoin(before, after, context);
                    overBound.record(over, context);
                    underBound.record(-over, context);
                    handovers.record(leaderChanges(before, after) / Math.ceil((double) PARTITIONS / (n + 1)), context);
                    replicas.record(spread(after.loads()), context);
                    leaders.record(spread(after.leaderLoads()), context);
                }
            }
        }
        System.out.println("one join: worst moves over ceil(total/(N+1)) " + overBound + ", under it " + underBound
                + "; leadership changes over ceil(partitions/(N+1)) " + handovers + "; after it, replicas "
                + replicas + ", leaders " + leaders);
        assertThat(replicas.value).as(replicas.context).isLessThanOrEqualTo(REPLICA_LIMIT);
        assertThat(leaders.value).as(leaders.context).isLessThanOrEqualTo(LEADER_LIMIT);
    }

    @Test
    void aLeavingNodeHandsOutExactlyItsReplicas() {
        Worst replicas = new Worst();
        Worst leaders = new Worst();
        for (int r : FACTORS) {
            for (int n = MIN_NODES; n <= MAX_NODES; n++) {
                for (int i = 0; i < SEEDS_PER_SIZE; i++) {
                    long seed = seed(r, n, i);
                    String context = "seed=" + seed + " N=" + n + " R=" + r;
                    Random random = new Random(seed);
                    List<String> nodes = new NodeIds(seed).next(n);
                    PlacementTable before = PlacementTable.initial(nodes, PARTITIONS, r);
                    PlacementTable after = before.withoutNode(nodes.get(random.nextInt(n)));
                    assertLeave(before, after, context);
                    replicas.record(spread(after.loads()), context);
                    leaders.record(spread(after.leaderLoads()), context);
                }
            }
        }
        System.out.println("one leave: after it, replicas " + replicas + ", leaders " + leaders);
        assertThat(replicas.value).as(replicas.context).isLessThanOrEqualTo(REPLICA_LIMIT);
        assertThat(leaders.value).as(leaders.context).isLessThanOrEqualTo(LEADER_LIMIT);
    }

    @Test
    void balanceAndMinimalMovementSurviveRandomWalksOfJoinsAndLeaves() {
        Worst overBound = new Worst();
        Worst replicas = new Worst();
        Worst leaders = new Worst();
        for (int r : FACTORS) {
            for (int walk = 0; walk < WALKS; walk++) {
                long seed = seed(r, 0, walk);
                Random random = new Random(seed);
                NodeIds ids = new NodeIds(seed);
                PlacementTable table = PlacementTable.initial(
                        ids.next(MIN_NODES + random.nextInt(MAX_NODES - MIN_NODES + 1)), PARTITIONS, r);
                for (int step = 1; step <= WALK_STEPS; step++) {
                    int n = table.nodes().size();
                    boolean join = n == MIN_NODES || (n < MAX_NODES && random.nextBoolean());
                    String context = "seed=" + seed + " R=" + r + " step=" + step + " N=" + n
                            + (join ? " join" : " leave");
                    PlacementTable next;
                    if (join) {
                        next = table.withNode(ids.next(1).get(0));
                        overBound.record(assertJoin(table, next, context), context);
                    } else {
                        List<String> nodes = new ArrayList<>(table.nodes());
                        next = table.withoutNode(nodes.get(random.nextInt(n)));
                        assertLeave(table, next, context);
                    }
                    replicas.record(spread(next.loads()), context);
                    leaders.record(spread(next.leaderLoads()), context);
                    table = next;
                }
            }
        }
        System.out.println("random walks: worst moves over ceil(total/(N+1)) " + overBound + "; replicas "
                + replicas + ", leaders " + leaders);
        assertThat(replicas.value).as(replicas.context).isLessThanOrEqualTo(REPLICA_LIMIT);
        assertThat(leaders.value).as(leaders.context).isLessThanOrEqualTo(LEADER_LIMIT);
    }

    @Test
    void theSameChangesFromTheSameNodesInAnyOrderGiveEqualTables() {
        for (int r : FACTORS) {
            for (int i = 0; i < SEEDS_PER_SIZE; i++) {
                long seed = seed(r, 1, i);
                Random random = new Random(seed);
                NodeIds ids = new NodeIds(seed);
                List<String> nodes = ids.next(MIN_NODES + random.nextInt(MAX_NODES - MIN_NODES + 1));
                List<String> shuffled = new ArrayList<>(nodes);
                Collections.shuffle(shuffled, random);
                PlacementTable a = PlacementTable.initial(nodes, PARTITIONS, r);
                PlacementTable b = PlacementTable.initial(shuffled, PARTITIONS, r);
                for (int step = 0; step <= 20; step++) {
                    String context = "seed=" + seed + " R=" + r + " step=" + step;
                    assertThat(b).as(context).isEqualTo(a).hasSameHashCodeAs(a);
                    assertThat(PlacementTable.of(a.nodes(), r, replicaLists(a))).as(context).isEqualTo(a);
                    if (a.nodes().size() > MIN_NODES && random.nextBoolean()) {
                        String leaving = new ArrayList<>(a.nodes()).get(random.nextInt(a.nodes().size()));
                        a = a.withoutNode(leaving);
                        b = b.withoutNode(leaving);
                    } else {
                        String joining = ids.next(1).get(0);
                        a = a.withNode(joining);
                        b = b.withNode(joining);
                    }
                }
            }
        }
    }

    /**
     * Checks a join and returns how many moves it made over {@code ceil(total / (N + 1))}.
     * Every added replica is on the new node, each partition loses at most one replica to it,
     * and it moves at least one replica and at most its share plus {@link #JOIN_SLACK}.
     */
    private static int assertJoin(PlacementTable before, PlacementTable after, String context) {
        assertWellFormed(after, context);
        Set<String> joined = new HashSet<>(after.nodes());
        joined.removeAll(before.nodes());
        assertThat(joined).as(context).hasSize(1);
        String newcomer = joined.iterator().next();
        for (int p = 0; p < PARTITIONS; p++) {
            Set<String> added = difference(after.replicas(p), before.replicas(p));
            Set<String> removed = difference(before.replicas(p), after.replicas(p));
            if (!added.isEmpty() && !added.equals(Set.of(newcomer)) || removed.size() > 1) {
                throw new AssertionError(context + ": partition " + p + " went from " + before.replicas(p) + " to "
                        + after.replicas(p) + ", a move that does not go to the new node " + newcomer);
            }
        }
        long total = (long) PARTITIONS * after.replicasPerPartition();
        long share = (total + after.nodes().size() - 1) / after.nodes().size();
        int moves = before.moves(after);
        assertThat(moves).as(context + " moves").isBetween(1, (int) share + JOIN_SLACK);
        assertThat(moves).as(context + " moves").isEqualTo(after.loads().get(newcomer));
        return (int) (moves - share);
    }

    /**
     * Checks a leave: partitions the node held lose it and gain one staying node (none while
     * fewer nodes than R remain), the others are untouched, and only its leaderships changed.
     */
    private static void assertLeave(PlacementTable before, PlacementTable after, String context) {
        assertWellFormed(after, context);
        Set<String> left = difference(before.nodes(), after.nodes());
        assertThat(left).as(context).hasSize(1);
        assertThat(after.nodes()).as(context).isSubsetOf(before.nodes());
        String leaver = left.iterator().next();
        int heirs = after.replicasPerPartition() == before.replicasPerPartition() ? 1 : 0;
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> was = before.replicas(p);
            List<String> is = after.replicas(p);
            boolean ok = was.contains(leaver)
                    ? difference(was, is).equals(Set.of(leaver)) && difference(is, was).size() == heirs
                            && (was.get(0).equals(leaver) || is.get(0).equals(was.get(0)))
                    : is.equals(was);
            if (!ok) {
                throw new AssertionError(context + ": partition " + p + " went from " + was + " to " + is
                        + " when " + leaver + " left");
            }
        }
        assertThat(before.moves(after)).as(context + " moves").isEqualTo(heirs * before.partitionsOf(leaver).size());
    }

    /** Distinct replicas, as many as the nodes allow, followers in ranking order, counts in step. */
    private static void assertWellFormed(PlacementTable table, String context) {
        int r = table.replicasPerPartition();
        assertThat(r).as(context).isEqualTo(Math.min(table.replicationFactor(), table.nodes().size()));
        int[] sum = new int[2];
        for (int p = 0; p < table.partitions(); p++) {
            List<String> replicas = table.replicas(p);
            List<String> followers = replicas.subList(1, replicas.size());
            if (replicas.size() != r || new HashSet<>(replicas).size() != r || !table.nodes().containsAll(replicas)
                    || !isSorted(followers, p)) {
                throw new AssertionError(context + ": partition " + p + " has replicas " + replicas);
            }
        }
        table.loads().values().forEach(load -> sum[0] += load);
        table.leaderLoads().values().forEach(led -> sum[1] += led);
        assertThat(table.loads().keySet()).as(context).isEqualTo(table.nodes());
        assertThat(table.leaderLoads().keySet()).as(context).isEqualTo(table.nodes());
        assertThat(sum).as(context).containsExactly(table.partitions() * r, table.partitions());
    }

    private static boolean isSorted(List<String> followers, int partition) {
        for (int i = 1; i < followers.size(); i++) {
            if (RendezvousScore.ranking(partition).compare(followers.get(i - 1), followers.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Max over mean of per-node counts. */
    private static double spread(Map<String, Integer> counts) {
        long total = 0;
        int max = 0;
        for (int count : counts.values()) {
            total += count;
            max = Math.max(max, count);
        }
        return max / ((double) total / counts.size());
    }

    private static Set<String> difference(Iterable<String> a, Iterable<String> b) {
        Set<String> result = new HashSet<>();
        a.forEach(result::add);
        b.forEach(result::remove);
        return result;
    }

    private static int leaderChanges(PlacementTable before, PlacementTable after) {
        int changes = 0;
        for (int p = 0; p < before.partitions(); p++) {
            if (!before.preferredLeader(p).equals(after.preferredLeader(p))) {
                changes++;
            }
        }
        return changes;
    }

    private static List<List<String>> replicaLists(PlacementTable table) {
        List<List<String>> lists = new ArrayList<>();
        for (int p = 0; p < table.partitions(); p++) {
            lists.add(table.replicas(p));
        }
        return lists;
    }

    private static long seed(int r, int n, int i) {
        return 1_000_000L * r + 1_000L * n + i;
    }

    /** Distinct random node ids of the shapes clusters use, some of them not ASCII. */
    private static final class NodeIds {

        private final Random random;
        private final Set<String> issued = new HashSet<>();

        NodeIds(long seed) {
            this.random = new Random(seed);
        }

        List<String> next(int count) {
            List<String> ids = new ArrayList<>(count);
            while (ids.size() < count) {
                String id = switch (random.nextInt(3)) {
                    case 0 -> "node-" + Long.toHexString(random.nextLong());
                    case 1 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256)
                            + ":" + (7000 + random.nextInt(1000));
                    default -> "nœud-" + random.nextInt(1_000_000);
                };
                if (issued.add(id)) {
                    ids.add(id);
                }
            }
            return ids;
        }
    }

    /** The largest figure seen and the input that gave it. */
    private static final class Worst {

        private double value = Double.NEGATIVE_INFINITY;
        private String context = "none";

        void record(double candidate, String candidateContext) {
            if (candidate > value) {
                value = candidate;
                context = candidateContext;
            }
        }

        @Override
        public String toString() {
            return String.format("%.3f (%s)", value, context);
        }
    }
}
