package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.placement.LoadSpread;
import io.cairn.bench.placement.PlacementStep;
import io.cairn.bench.placement.PlacementWalk;
import io.cairn.bench.placement.WalkSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The properties docs/architecture.md ("Partitioning") and docs/benchmarks.md ("Placement
 * simulation") claim for {@code PlacementTable}, checked on seeded walks of 256 partitions from 3
 * nodes to 50 and back, every step. The figures are counted from each table's replica lists by
 * {@link PlacementWalk}, not read from the table's own bookkeeping.
 *
 * <p>Bounds, and why these margins:
 * <ul>
 *   <li>Moves: exact. A join creates floor or ceil of {@code total / N} replicas, all on the
 *       newcomer, at most one per partition; a leave re-creates exactly the leaver's replicas and
 *       changes exactly its leaderships; nothing moves between staying nodes. These are the
 *       algorithm's promises, not measurements, so there is no margin.
 *   <li>Replicas per node: at most {@code ceil(mean) + 1} and at least {@code floor(mean) - 1},
 *       and at most 1.25 times the mean. Over 20 seeds of this size the simulation never saw a
 *       node more than one replica off the even split (the one-off cases follow leaves that land
 *       on an integer mean, where the leaver's replicas cannot all go to the lightest nodes);
 *       counts are whole, so the next value, two off, is a real change in behaviour and fails.
 *       (At other sizes two below happens once in a while: R = 3 shrinking to 4 nodes, where each
 *       partition lacks one node and so has exactly one possible heir.) 1.25 is the documented
 *       limit; the worst here is 1.17 (6 replicas at a mean of 5.12, R = 1, 50 nodes: the mean
 *       rounded up).
 *   <li>Leaderships per node: at most 1.5 times the mean and {@code ceil(mean) + 2}, at least
 *       {@code floor(mean) - 3}. 1.5 is the figure the placement package documents as observed
 *       for 256 partitions on 3-50 nodes; the worst seen here is 1.44 (9 leaderships at a mean of
 *       6.24, R = 3, 41 nodes), so at that size a 10th leadership fails. The +2 and -3 are the
 *       worst seen over 20 seeds of this size (3 below: at 13 nodes, R = 3, a node leading 16
 *       partitions at a mean of 19.7, after the newcomer took over three replicas that it led):
 *       measured, not designed, and pinned so that a change that worsens them is noticed.
 *       Leaderships drift further than replicas because a join takes a replica from its leader
 *       whatever that leader's leadership count, takes leaderships only from leaders above their
 *       share, and nothing hands leaderships between staying nodes.
 * </ul>
 */
class PlacementSimulationTest {

    private static final int PARTITIONS = 256;
    private static final int MIN_NODES = 3;
    private static final int MAX_NODES = 50;
    private static final long[] SEEDS = {1, 2, 3};
    private static final double REPLICA_LIMIT = 1.25;
    private static final double LEADER_LIMIT = 1.5;

    @Test
    void everyJoinAndLeaveMovesOnlyWhatItMustAndKeepsTheBalance() {
        double worstReplicas = 0;
        double worstLeaders = 0;
        int joins = 0;
        int leaves = 0;
        for (int r : new int[] {1, 3}) {
            for (long seed : SEEDS) {
                List<PlacementStep> steps = PlacementWalk.run(PARTITIONS, r, MIN_NODES, MAX_NODES, seed);
                assertThat(steps).hasSize(1 + 2 * (MAX_NODES - MIN_NODES));
                for (PlacementStep s : steps) {
                    String context = "seed=" + seed + " R=" + r + " " + s.kind() + " " + s.node() + " to N="
                            + s.nodes();
                    assertThat(s.defects()).as(context + ": malformed partitions or wrong load counts").isZero();
                    assertThat(s.diff().betweenStayers()).as(context + ": moved between staying nodes").isZero();
                    assertBalanced(s.replicas(), 1, 1, REPLICA_LIMIT, context + " replicas");
                    assertBalanced(s.leaders(), 2, 3, LEADER_LIMIT, context + " leaderships");
                    worstReplicas = Math.max(worstReplicas, s.replicas().maxOverMean());
                    worstLeaders = Math.max(worstLeaders, s.leaders().maxOverMean());
                    if (s.kind() == PlacementStep.Kind.JOIN) {
                        assertJoin(s, r, context);
                        joins++;
                    } else if (s.kind() == PlacementStep.Kind.LEAVE) {
                        assertLeave(s, context);
                        leaves++;
                    }
                }
                assertThat(WalkSummary.of(steps).betweenStayers()).isZero();
            }
        }
        System.out.printf("placement walks: %d joins, %d leaves; worst replicas max/mean %.3f, leaders %.3f%n",
                joins, leaves, worstReplicas, worstLeaders);
        assertThat(joins).isEqualTo(2 * SEEDS.length * (MAX_NODES - MIN_NODES));
        assertThat(leaves).isEqualTo(joins);
    }

    private static void assertJoin(PlacementStep join, int r, String context) {
        // The newcomer's even share, total / N with N counted after the join.
        long total = (long) PARTITIONS * Math.min(r, join.nodes());
        assertThat(join.replicas().total()).as(context + ": replicas in the table").isEqualTo(total);
        long floor = total / join.nodes();
        long ceil = (total + join.nodes() - 1) / join.nodes();
        assertThat((long) join.moved()).as(context + ": replicas created").isBetween(floor, ceil);
        assertThat(join.diff().gainedBy(join.node())).as(context + ": replicas the newcomer gained")
                .isEqualTo(join.moved());
        assertThat(join.diff().gained().keySet()).as(context + ": who gained").containsOnly(join.node());
        assertThat(join.diff().widestChange()).as(context + ": replicas changed in one partition")
                .isLessThanOrEqualTo(1);
        assertThat(WalkSummary.isJoinShare(join)).as(context).isTrue();
    }

    private static void assertLeave(PlacementStep leave, String context) {
        assertThat(leave.leaverLoad()).as(context + ": the leaver held replicas").isPositive();
        assertThat(leave.moved()).as(context + ": replicas re-created").isEqualTo(leave.leaverLoad());
        assertThat(leave.diff().lost()).as(context + ": who lost replicas")
                .containsOnlyKeys(leave.node())
                .containsEntry(leave.node(), leave.leaverLoad());
        assertThat(leave.diff().leadersChanged()).as(context + ": leaderships changed")
                .isEqualTo(leave.leaverLeads());
        assertThat(WalkSummary.isLeaverLoad(leave)).as(context).isTrue();
    }

    private static void assertBalanced(LoadSpread spread, int over, int under, double limit, String context) {
        assertThat(spread.max()).as(context + ": most on a node, mean " + spread.mean())
                .isLessThanOrEqualTo((int) spread.ceilOfMean() + over);
        assertThat(spread.min()).as(context + ": least on a node, mean " + spread.mean())
                .isGreaterThanOrEqualTo((int) spread.floorOfMean() - under);
        assertThat(spread.maxOverMean()).as(context + ": max/mean").isLessThanOrEqualTo(limit);
    }

    @Test
    void printsTheCommandTheSeedASummaryAndARowPerChosenNodeCount() {
        StringWriter text = new StringWriter();
        CommandLine cmd = new CommandLine(new PlacementSimulation()).setOut(new PrintWriter(text));

        int exit = cmd.execute("--partitions", "64", "--replication", "3", "--nodes", "3-12", "--rows", "3,4,12,13",
                "--seed", "7");

        assertThat(exit).isZero();
        String out = text.toString();
        assertThat(out).contains("`java -cp \"$CP\" io.cairn.bench.PlacementSimulation --partitions 64 --replication 3"
                + " --nodes 3-12 --rows 3,4,12,13 --seed 7`");
        assertThat(out).contains("Seed 7; partitions 64; replication 3; 3 nodes grown one join at a time to 12");
        // The summary row: P, R, then the last four columns: joins off their share, leaves off,
        // moves between staying nodes (and the leadership excess before them).
        Matcher summary = Pattern.compile("(?m)^\\| 64 \\| 3 \\|.*\\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$").matcher(out);
        assertThat(summary.find()).as(out).isTrue();
        assertThat(summary.group(1)).as("joins off their share").isEqualTo("0");
        assertThat(summary.group(2)).as("leaves off the leaver's").isEqualTo("0");
        assertThat(summary.group(3)).as("moved between staying nodes").isEqualTo("0");
        // Per-count rows: only the counts the walk visits (13 is beyond it), then the worst row.
        Matcher rows = Pattern.compile("(?m)^\\| (\\d+) \\| \\d+\\.\\d\\d \\|").matcher(out);
        List<Integer> counts = new ArrayList<>();
        while (rows.find()) {
            counts.add(Integer.parseInt(rows.group(1)));
        }
        assertThat(counts).containsExactly(3, 4, 12);
        // The join to 4 nodes moves floor or ceil of 192 / 4 = 48 replicas: exactly 48.
        assertThat(out).containsPattern("(?m)^\\| 4 \\| 48\\.00 \\|.*\\| 48 \\(48\\.0\\) \\|");
        assertThat(out).contains("| worst of all |");
        assertThat(out).contains("disagree with their replica lists, over all walks: 0.");
    }

    @Test
    void refusesABackwardNodeRange() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new PlacementSimulation()).setErr(new PrintWriter(err));

        int exit = cmd.execute("--nodes", "10-3");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes must be MIN-MAX with 1 <= MIN <= MAX, got 10-3");
    }
}
