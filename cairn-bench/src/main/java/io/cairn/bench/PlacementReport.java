package io.cairn.bench;

import io.cairn.bench.placement.PlacementStep;
import io.cairn.bench.placement.SpreadExtremes;
import io.cairn.bench.placement.WalkSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints {@link PlacementSimulation}'s Markdown tables for docs/benchmarks.md. A walk visits each
 * node count twice, once growing and once shrinking, so a per-count row shows both states as
 * "grow · shrink" and the two changes that led there: the join that made the count, and the
 * leave that brought it back down.
 */
final class PlacementReport {

    private final PrintWriter out;

    PlacementReport(PrintWriter out) {
        this.out = out;
    }

    void summaryHeader() {
        out.println("| P | R | replicas max/mean (at N) | replicas min/mean (at N)"
                + " | replicas above ⌈mean⌉ / below ⌊mean⌋ | leaders max/mean (at N) | leaders min/mean (at N)"
                + " | leaderships above ⌈mean⌉ / below ⌊mean⌋ | join: replicas moved − total/N"
                + " | join: leaderships moved above ⌈P/N⌉ | joins off their share | leaves off the leaver's"
                + " | moved between staying nodes |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    void summaryRow(int partitions, int replication, WalkSummary s) {
        SpreadExtremes r = s.replicas();
        SpreadExtremes l = s.leaders();
        out.println(String.format(Locale.ROOT,
                "| %d | %d | %.2f (%d) | %.2f (%d) | %d / %d | %.2f (%d) | %.2f (%d) | %d / %d | %s | %d | %d | %d"
                        + " | %d |",
                partitions, replication, r.maxOverMean(), r.maxAt(), r.minOverMean(), r.minAt(), r.excess(),
                r.shortfall(), l.maxOverMean(), l.maxAt(), l.minOverMean(), l.minAt(), l.excess(), l.shortfall(),
                deltaRange(s.joinMovesBelowIdeal(), s.joinMovesAboveIdeal()), s.joinLeaderMovesOverShare(),
                s.joinsOffShare(), s.leavesOffLoad(), s.betweenStayers()));
    }

    /** A row per node count of {@code rows} that the walk visits, then the worst over every count. */
    void walk(List<PlacementStep> steps, List<Integer> rows) {
        out.println("| N | replicas per node | max/mean grow · shrink | min/mean grow · shrink | leaderships per node"
                + " | leaders max/mean grow · shrink | leaders min/mean grow · shrink"
                + " | join to N: replicas moved (total/N)"
                + " | join to N: leaderships moved (P/N) | leave to N: replicas moved (leaver held)"
                + " | moved between staying nodes |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : rows) {
            PlacementStep grown = grown(steps, n);
            if (grown == null) {
                continue;
            }
            PlacementStep shrunk = shrunk(steps, n);
            PlacementStep state = shrunk != null ? shrunk : grown;
            boolean joined = grown.kind() == PlacementStep.Kind.JOIN;
            out.println(String.format(Locale.ROOT,
                    "| %d | %.2f | %.2f · %.2f | %.2f · %.2f | %.2f | %.2f · %.2f | %.2f · %.2f | %s | %s | %s | %d |",
                    n, grown.replicas().mean(),
                    grown.replicas().maxOverMean(), state.replicas().maxOverMean(),
                    grown.replicas().minOverMean(), state.replicas().minOverMean(),
                    grown.leaders().mean(),
                    grown.leaders().maxOverMean(), state.leaders().maxOverMean(),
                    grown.leaders().minOverMean(), state.leaders().minOverMean(),
                    joined ? String.format(Locale.ROOT, "%d (%.1f)", grown.moved(), grown.idealMoves()) : "",
                    joined ? String.format(Locale.ROOT, "%d (%.1f)", grown.diff().leadersChanged(),
                            grown.leaders().mean()) : "",
                    shrunk != null ? String.format(Locale.ROOT, "%d (%d)", shrunk.moved(), shrunk.leaverLoad()) : "",
                    grown.diff().betweenStayers() + (shrunk != null ? shrunk.diff().betweenStayers() : 0)));
        }
        WalkSummary s = WalkSummary.of(steps);
        SpreadExtremes r = s.replicas();
        SpreadExtremes l = s.leaders();
        out.println(String.format(Locale.ROOT,
                "| worst of all | | %.2f (N=%d) | %.2f (N=%d) | | %.2f (N=%d) | %.2f (N=%d)"
                        + " | %s | at most %d above ⌈P/N⌉ | %s | %d |",
                r.maxOverMean(), r.maxAt(), r.minOverMean(), r.minAt(), l.maxOverMean(), l.maxAt(), l.minOverMean(),
                l.minAt(),
                "moved − total/N in " + deltaRange(s.joinMovesBelowIdeal(), s.joinMovesAboveIdeal())
                        + (s.joinsOffShare() == 0 ? ", all to the newcomer" : ", " + s.joinsOffShare() + " joins off"),
                s.joinLeaderMovesOverShare(),
                s.leavesOffLoad() == 0 ? "always the leaver's" : s.leavesOffLoad() + " leaves off",
                s.betweenStayers()));
    }

    private static String deltaRange(double below, double above) {
        return String.format(Locale.ROOT, "[−%.2f, +%.2f]", below, above);
    }

    /** The state after the walk first reached {@code n} nodes (the initial table, or a join); or null. */
    private static PlacementStep grown(List<PlacementStep> steps, int n) {
        for (PlacementStep s : steps) {
            if (s.kind() != PlacementStep.Kind.LEAVE && s.nodes() == n) {
                return s;
            }
        }
        return null;
    }

    /** The state after a leave brought the walk down to {@code n} nodes; or null (at the largest size). */
    private static PlacementStep shrunk(List<PlacementStep> steps, int n) {
        for (PlacementStep s : steps) {
            if (s.kind() == PlacementStep.Kind.LEAVE && s.nodes() == n) {
                return s;
            }
        }
        return null;
    }
}
