package io.cairn.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Throughput and latency of a node's HTTP API under closed-loop clients ({@link ClosedLoop}),
 * printed as one row per scenario and client count.
 *
 * <p>Without {@code --target} it spawns a {@link BenchServer} in a separate JVM with the JVM
 * options of {@code cairn server} on a fresh temporary data directory, and removes it after.
 * With {@code --target} it loads an existing node, writing services named {@code bench-*}.
 * Each step is bounded by {@code --warmup + --duration} and by {@code --max-requests}.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.LoadGenerator --scenarios register,lookup --clients 1,16,64 --duration 10s}
 *
 * <p>Each step warms up until the JIT compilers of the server and of the generator are quiet
 * ({@link JitActivity}), between {@code --warmup} and {@code --warmup-max}: on two shared cores the
 * server's code is still being compiled 20 s into a load, and a 3 s (later 20 s) fixed warmup
 * measured the compiler as much as the server.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Closed-loop HTTP load against a Cairn node; prints ops/s and latency percentiles.")
public final class LoadGenerator implements Callable<Integer> {

    private static final String LOOKUP_PREFIX = "bench-lookup-";
    private static final int LOOKUP_INSTANCES = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "URL",
            description = "An existing node, e.g. http://127.0.0.1:7470 (loopback only). Default: spawn one.")
    URI target;

    @Option(names = {"--scenarios", "--scenario"}, split = ",", paramLabel = "NAME",
            defaultValue = "register,lookup", description = "register, lookup (default ${DEFAULT-VALUE}).")
    List<Scenario> scenarios;

    @Option(names = "--clients", split = ",", paramLabel = "N", defaultValue = "1,16,64",
            description = "Client counts, one connection and one request in flight each (default ${DEFAULT-VALUE}).")
    List<Integer> clientCounts;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time per step (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Shortest unmeasured time before each step; it goes on until the JIT of the server "
                    + "and of the generator is quiet (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--warmup-max", paramLabel = "TIME", defaultValue = "120s", converter = DurationConverter.class,
            description = "Longest warmup, JIT quiet or not; equal to --warmup for a fixed warmup "
                    + "(default ${DEFAULT-VALUE}).")
    Duration warmupMax;

    @Option(names = "--max-requests", paramLabel = "N", defaultValue = "20000000",
            description = "Bound on requests per step, warmup included (default ${DEFAULT-VALUE}).")
    long maxRequests;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or markdown (default ${DEFAULT-VALUE}).")
    ResultTable.Format format;

    @Option(names = "--services", paramLabel = "N", defaultValue = "1000",
            description = "register: services the writes rotate over (default ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--instances-per-service", paramLabel = "N", defaultValue = "10",
            description = "register: instances per service (default ${DEFAULT-VALUE}).")
    int instancesPerService;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "1",
            description = "Event-loop threads of the generator (default ${DEFAULT-VALUE}; it shares the "
                    + "machine with the server).")
    int clientThreads;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTIONS",
            description = "JVM options of the spawned server, space-separated (default: those of `cairn server`: "
                    + "-Xms64m -Xmx512m -XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError).")
    String serverJvmOpts;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the spawned server (default: its own).")
    Integer partitions;

    @Option(names = "--server-set", paramLabel = "NAME=VALUE",
            description = "Another setting of the spawned server by its `cairn server` flag name, e.g. "
                    + "--server-set http-threads=2 (repeatable).")
    Map<String, String> serverSettings = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(LoadGenerator::report).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        check(duration.toMillis() > 0, "--duration must be positive");
        check(!warmup.isNegative() && warmupMax.compareTo(warmup) >= 0, "--warmup-max must be at least --warmup");
        check(maxRequests > 0, "--max-requests must be positive");
        check(services > 0 && instancesPerService > 0, "--services and --instances-per-service must be positive");
        check(clientThreads > 0, "--client-threads must be positive");
        for (int c : clientCounts) {
            check(c >= 1 && c <= 4096, "--clients must be 1-4096");
        }
        SpawnedServer spawned = null;
        String host;
        int port;
        if (target == null) {
            spawned = SpawnedServer.start(jvmOptions(serverJvmOpts), serverArgs(partitions, serverSettings), Duration.ofSeconds(120));
            System.err.printf("bench: spawned server pid=%d port=%d jvm=%s%n", spawned.pid(), spawned.port(),
                    String.join(" ", jvmOptions(serverJvmOpts)));
            host = "127.0.0.1";
            port = spawned.port();
        } else {
            host = target.getHost();
            port = target.getPort() < 0 ? 80 : target.getPort();
            check(host != null && InetAddress.getByName(host).isLoopbackAddress(),
                    "--target must be a loopback address (127.0.0.0/8, localhost, [::1])");
        }
        ResultTable table = new ResultTable(System.out, format);
        JitActivity jit = new JitActivity(host, port);
        try (ClosedLoop loop = new ClosedLoop(host, port, clientThreads).start()) {
            table.header();
            int step = 0;
            for (Scenario scenario : scenarios) {
                if (scenario == Scenario.LOOKUP) {
                    prepareLookup(loop);
                }
                for (int clients : clientCounts) {
                    step++;
                    // A fixed warmup never asks the server about its JIT: the first /metrics scrape
                    // loads classes and sets off recompiles, which must not fall in the measurement.
                    boolean fixed = warmup.equals(warmupMax);
                    System.err.printf("bench: %s with %d clients: %s warmup, %d s measured%n", scenario.label(),
                            clients, fixed ? warmup.toSeconds() + " s"
                                    : warmup.toSeconds() + "-" + warmupMax.toSeconds() + " s (until the JIT is quiet)",
                            duration.toSeconds());
                    jit.reset();
                    long stepStart = System.nanoTime();
                    long[] quietAt = {0};
                    Warmup until = fixed ? Warmup.fixed(warmup) : new Warmup(warmup, warmupMax, () -> {
                        boolean quiet = jit.quiet();
                        quietAt[0] = quiet ? System.nanoTime() : 0;
                        return quiet;
                    });
                    StepResult r = loop.run(scenario.label(), workload(scenario, step), clients, until, duration,
                            maxRequests);
                    if (!fixed) {
                        System.err.println("bench: " + (quietAt[0] != 0
                                ? String.format("warmup ended after %.0f s, the JIT quiet",
                                        (quietAt[0] - stepStart) / 1e9)
                                : "warmup ended at --warmup-max, the JIT still busy") + "; " + jit.describe());
                    }
                    table.row(r);
                    if (r.firstError() != null) {
                        System.err.println("bench: first error of the step: " + r.firstError());
                    }
                }
            }
        } finally {
            if (spawned != null) {
                spawned.close();
            }
        }
        return 0;
    }

    /** Failures of a run (server did not start, connections refused) are one line, not a stack trace. */
    static int report(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("bench: " + e.getMessage());
        return 2;
    }

    private Workload workload(Scenario scenario, int step) {
        return switch (scenario) {
            // A new generation per step, so no step re-sends content an earlier one left.
            case REGISTER -> new RegisterWorkload("bench-svc-", services, instancesPerService, step, Long.MAX_VALUE);
            case LOOKUP -> new LookupWorkload(lookupService(), Long.MAX_VALUE);
        };
    }

    private static String lookupService() {
        return RegisterWorkload.once(LOOKUP_PREFIX, 1, LOOKUP_INSTANCES).serviceName(0);
    }

    /** Registers the looked-up service's 20 instances, one at a time. */
    private static void prepareLookup(ClosedLoop loop) throws IOException, InterruptedException {
        StepResult r = loop.run("prepare", RegisterWorkload.once(LOOKUP_PREFIX, 1, LOOKUP_INSTANCES), 1,
                Duration.ZERO, Duration.ofSeconds(60), LOOKUP_INSTANCES);
        if (r.operations() != LOOKUP_INSTANCES) {
            throw new IOException("could not register the " + LOOKUP_INSTANCES + " instances to look up ("
                    + r.operations() + " succeeded): " + r.firstError());
        }
    }

    static List<String> jvmOptions(String option) {
        if (option == null) {
            return SpawnedServer.DEFAULT_JVM_OPTIONS;
        }
        return Arrays.stream(option.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> serverArgs(Integer partitions, Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        if (partitions != null) {
            args.addAll(List.of("--partitions", partitions.toString()));
        }
        settings.forEach((name, value) -> args.addAll(List.of("--set", name + "=" + value)));
        return args;
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
