package io.cairn.bench;

import io.cairn.bench.placement.PlacementStep;
import io.cairn.bench.placement.PlacementWalk;
import io.cairn.bench.placement.WalkSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How {@link io.cairn.core.placement.PlacementTable} spreads replicas and leaderships as a
 * cluster grows from 3 nodes to 100 one join at a time and shrinks back by random leaves
 * ({@link io.cairn.bench.placement.PlacementWalk}), for several partition counts and
 * replication factors. Prints Markdown: the command and seed, a summary of the worst figures per
 * configuration, then per configuration a row per chosen node count. Pure computation: it runs
 * in seconds and needs no server.
 *
 * <p>Run: {@code java -cp "$CP" io.cairn.bench.PlacementSimulation --partitions 16,64,256,1024
 * --replication 1,3 --nodes 3-100 --seed 1}
 */
@Command(name = "placement-simulation", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replica and leader balance, and replicas moved per join and leave, from 3 to 100 nodes.")
public final class PlacementSimulation implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--partitions", split = ",", paramLabel = "P", defaultValue = "16,64,256,1024",
            description = "Partition counts (default ${DEFAULT-VALUE}).")
    List<Integer> partitionCounts;

    @Option(names = "--replication", split = ",", paramLabel = "R", defaultValue = "1,3",
            description = "Replication factors (default ${DEFAULT-VALUE}).")
    List<Integer> replicationFactors;

    @Option(names = "--nodes", paramLabel = "MIN-MAX", defaultValue = "3-100",
            description = "Grow from MIN nodes to MAX one join at a time, then shrink back (default ${DEFAULT-VALUE}).")
    String nodeRange;

    @Option(names = "--rows", split = ",", paramLabel = "N", defaultValue = "3,4,5,6,8,10,16,20,32,50,64,100",
            description = "Node counts printed in the per-configuration tables (default ${DEFAULT-VALUE});"
                    + " the worst row covers every count.")
    List<Integer> rows;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seeds the node ids and the choice of leavers (default ${DEFAULT-VALUE}).")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlacementSimulation()).execute(args));
    }

    @Override
    public Integer call() {
        int[] range = parseRange();
        if (partitionCounts.stream().anyMatch(p -> p < 1) || replicationFactors.stream().anyMatch(r -> r < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--partitions and --replication must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PlacementReport report = new PlacementReport(out);
        long start = System.nanoTime();
        List<Walked> walks = new ArrayList<>();
        for (int p : partitionCounts) {
            for (int r : replicationFactors) {
                walks.add(new Walked(p, r, PlacementWalk.run(p, r, range[0], range[1], seed)));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        List<String> args = spec.commandLine().getParseResult().originalArgs();
        out.println("Command: `java -cp \"$CP\" io.cairn.bench.PlacementSimulation"
                + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "`");
        out.println();
        out.printf("Seed %d; partitions %s; replication %s; %d nodes grown one join at a time to %d, then "
                        + "random leaves back to %d; %d walks in %.1f s.%n",
                seed, join(partitionCounts), join(replicationFactors), range[0], range[1], range[0], walks.size(),
                seconds);
        out.println();
        report.summaryHeader();
        int defects = 0;
        for (Walked w : walks) {
            WalkSummary summary = WalkSummary.of(w.steps());
            report.summaryRow(w.partitions(), w.replication(), summary);
            defects += summary.defects();
        }
        out.println();
        out.printf("Malformed partitions, and counts of the tables (loads, leaderLoads, moves) that disagree with "
                + "their replica lists, over all walks: %d.%n", defects);
        for (Walked w : walks) {
            out.println();
            out.printf("P = %d partitions, R = %d%n", w.partitions(), w.replication());
            out.println();
            report.walk(w.steps(), rows);
        }
        out.flush();
        return 0;
    }

    private int[] parseRange() {
        String[] parts = nodeRange.split("-", -1);
        try {
            if (parts.length == 2) {
                int min = Integer.parseInt(parts[0].trim());
                int max = Integer.parseInt(parts[1].trim());
                if (min >= 1 && max >= min) {
                    return new int[] {min, max};
                }
            }
        } catch (NumberFormatException e) {
            // reported below, as for a range in the wrong order
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--nodes must be MIN-MAX with 1 <= MIN <= MAX, got " + nodeRange);
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private record Walked(int partitions, int replication, List<PlacementStep> steps) {
    }
}
