package io.cairn.bench;

import io.cairn.bench.cluster.LeaderRouter;
import io.cairn.bench.cluster.SpawnedCluster;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
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
 * With {@code --cluster N} it spawns N of them that form one cluster
 * ({@link io.cairn.bench.cluster.SpawnedCluster}), waits until every partition has a leader and
 * all its replicas and leaderships sit where the placement wants them, and binds the clients to
 * the nodes round-robin. With {@code --target} (one URL or a comma-separated list, bound
 * round-robin the same way) it loads existing nodes, writing services named {@code bench-*}.
 * Each step is bounded by {@code --warmup + --duration} and by {@code --max-requests}. When it
 * spawned the servers, each row also gives the CPU time per operation of the server processes
 * together and of the generator.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.LoadGenerator --scenarios register,lookup --clients 1,16,64 --duration 10s}
 *
 * <p>A 3-node cluster: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.LoadGenerator --cluster 3 --scenarios register,lookup,lookup-stale --clients 64 --duration 10s}
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

    @Option(names = "--target", paramLabel = "URL", split = ",",
            description = "Existing nodes, e.g. http://127.0.0.1:7470 or a comma-separated list (loopback only); "
                    + "clients are bound to them round-robin. Default: spawn one.")
    List<URI> targets;

    @Option(names = "--cluster", paramLabel = "N",
            description = "Spawn N nodes (2-9) that form one cluster and bind the clients to them round-robin.")
    Integer cluster;

    @Option(names = {"--scenarios", "--scenario"}, split = ",", paramLabel = "NAME", converter = Scenario.Converter.class,
            defaultValue = "register,lookup", description = "register, lookup, lookup-stale (default ${DEFAULT-VALUE}).")
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
            description = "Threads of the generator: Vert.x event loops, or java.net.http completion threads (at least 2; "
                    + "not used by jdk-http1-blocking) (default ${DEFAULT-VALUE}; it shares the "
                    + "machine with the server).")
    int clientThreads;

    @Option(names = "--http-client", paramLabel = "KIND", defaultValue = "vertx", converter = ClientKind.Converter.class,
            description = "The generator's HTTP client: vertx (HTTP/1.1, a connection per client; default), "
                    + "jdk-http1 (java.net.http, HTTP/1.1, pooled keep-alive connections, sendAsync), "
                    + "jdk-http1-blocking (the same client called as cairn-client calls it: each client a thread "
                    + "blocked in send) or jdk-http2 (java.net.http, HTTP/2 over cleartext, a shared connection per "
                    + "node, sendAsync).")
    ClientKind httpClient;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTIONS",
            description = "JVM options of the spawned server, space-separated (default: those of `cairn server`: "
                    + BenchServer.DEFAULT_JVM_OPTIONS_LINE + "); "
                    + "with --cluster, {node} in them becomes the member's index.")
    String serverJvmOpts;

    /** Where a cluster's clients send their requests. */
    enum Route { NODE, LEADER }

    @Option(names = "--route", paramLabel = "HOW", defaultValue = "node",
            description = "With --cluster: node (default: each client sends everything to its own member, which "
                    + "forwards what it does not lead) or leader (each client holds a connection to every member and "
                    + "sends a request about a service to the member leading its partition, as a partition-aware "
                    + "client would).")
    Route route;

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
        check(targets == null || cluster == null, "--target and --cluster exclude each other");
        check(cluster == null || (cluster >= 2 && cluster <= 9), "--cluster must be 2-9");
        check(route == Route.NODE || cluster != null, "--route must be node, or leader with --cluster");
        ServerProcess spawned = null;
        SpawnedCluster nodes = null;
        List<InetSocketAddress> addresses;
        List<Long> serverPids = List.of();
        ToIntFunction<BenchRequest> router = null;
        try {
            if (cluster != null) {
                nodes = spawnCluster(cluster);
                addresses = addresses(nodes.addresses().stream().map(URI::create).toList());
                serverPids = nodes.pids();
                if (route == Route.LEADER) {
                    router = LeaderRouter.of(nodes);
                }
            } else if (targets == null) {
                spawned = BenchServer.spawn(jvmOptions(serverJvmOpts), serverArgs(partitions, serverSettings),
                        Duration.ofSeconds(120));
                System.err.printf("bench: spawned server pid=%d port=%d jvm=%s%n", spawned.pid(), spawned.httpPort(),
                        String.join(" ", jvmOptions(serverJvmOpts)));
                addresses = List.of(InetSocketAddress.createUnresolved("127.0.0.1", spawned.httpPort()));
                serverPids = List.of(spawned.pid());
            } else {
                try {
                    addresses = addresses(targets);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            load(addresses, serverPids, router);
        } finally {
            if (spawned != null) {
                spawned.close();
            }
            if (nodes != null) {
                nodes.close();
            }
        }
        return 0;
    }

    /** Spawns the cluster and waits until it is formed, replicated and its leaderships are where placement wants them. */
    private SpawnedCluster spawnCluster(int size) throws IOException, InterruptedException {
        return spawnCluster(size, jvmOptions(serverJvmOpts), serverArgs(partitions, serverSettings));
    }

    /** Spawns a cluster of {@code size} nodes and waits until it is formed, replicated and converged. */
    static SpawnedCluster spawnCluster(int size, List<String> jvmOptions, List<String> serverArgs)
            throws IOException, InterruptedException {
        SpawnedCluster nodes = SpawnedCluster.start(size, jvmOptions, serverArgs);
        try {
            System.err.printf("bench: spawned a %d-node cluster, pids %s, %s; jvm=%s%n", size, nodes.pids(),
                    nodes.addresses(), String.join(" ", jvmOptions));
            long start = System.nanoTime();
            nodes.awaitReplicated(Duration.ofSeconds(120));
            System.err.printf("bench: every partition led and replicated after %.1f s%n", (System.nanoTime() - start) / 1e9);
            nodes.awaitConverged(Duration.ofSeconds(120));
            System.err.printf("bench: cluster converged (preferred leaders) after %.1f s%n",
                    (System.nanoTime() - start) / 1e9);
            return nodes;
        } catch (IOException | InterruptedException | RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    /**
     * The host and port of each target URL, in order.
     *
     * @throws IllegalArgumentException for a URL without a host or with one that is not loopback
     */
    static List<InetSocketAddress> addresses(List<URI> urls) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (URI url : urls) {
            String host = url.getHost();
            boolean loopback;
            try {
                loopback = host != null && InetAddress.getByName(host).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                loopback = false;
            }
            if (!loopback) {
                throw new IllegalArgumentException("--target must name loopback addresses (127.0.0.0/8, localhost, [::1]), got "
                        + url);
            }
            out.add(InetSocketAddress.createUnresolved(host, url.getPort() < 0 ? 80 : url.getPort()));
        }
        return out;
    }

    private void load(List<InetSocketAddress> addresses, List<Long> serverPids, ToIntFunction<BenchRequest> router)
            throws IOException, InterruptedException {
        boolean cpu = !serverPids.isEmpty();
        ResultTable table = new ResultTable(System.out, format, cpu);
        List<JitActivity> jits = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            jits.add(new JitActivity(a.getHostString(), a.getPort()));
        }
        CpuMeter meter = cpu ? new CpuMeter(serverPids) : null;
        int threads = httpClient == ClientKind.VERTX ? clientThreads : Math.max(2, clientThreads);
        ClientTransport transport = httpClient.transport(threads);
        System.err.printf("bench: HTTP client %s, %s%n", httpClient.label(),
                transport.blocking() ? "a thread per client" : threads + " thread(s)");
        try (ClosedLoop loop = new ClosedLoop(addresses, transport).routedBy(router).start()) {
            table.header();
            int step = 0;
            boolean lookupPrepared = false;
            for (Scenario scenario : scenarios) {
                if (scenario != Scenario.REGISTER && !lookupPrepared) {
                    prepareLookup(loop);
                    lookupPrepared = true;
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
                    jits.forEach(JitActivity::reset);
                    long stepStart = System.nanoTime();
                    long[] quietAt = {0};
                    Warmup until = fixed ? Warmup.fixed(warmup) : new Warmup(warmup, warmupMax, () -> {
                        boolean quiet = true;
                        for (JitActivity jit : jits) {
                            quiet &= jit.quiet(); // every node sampled each time: each keeps its own window
                        }
                        quietAt[0] = quiet ? System.nanoTime() : 0;
                        return quiet;
                    });
                    StepResult r = loop.run(scenario.label(), workload(scenario, step), clients, until, duration,
                            maxRequests, meter == null ? ClosedLoop.Interval.NONE : meter);
                    if (!fixed) {
                        StringBuilder jitLine = new StringBuilder();
                        for (JitActivity jit : jits) {
                            jitLine.append(jitLine.length() == 0 ? "" : "; ").append(jit.describe());
                        }
                        System.err.println("bench: " + (quietAt[0] != 0
                                ? String.format("warmup ended after %.0f s, the JIT quiet",
                                        (quietAt[0] - stepStart) / 1e9)
                                : "warmup ended at --warmup-max, the JIT still busy") + "; " + jitLine);
                    }
                    table.row(r, meter == null ? null : meter.perOperation(r.operations()));
                    if (r.firstError() != null) {
                        System.err.println("bench: first error of the step: " + r.firstError());
                    }
                }
            }
        }
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
            case LOOKUP -> new LookupWorkload(lookupService(), false, Long.MAX_VALUE);
            case LOOKUP_STALE -> new LookupWorkload(lookupService(), true, Long.MAX_VALUE);
            case CONSUL_HEALTH -> LookupWorkload.consulHealth(lookupService(), Long.MAX_VALUE);
        };
    }

    private static String lookupService() {
        return RegisterWorkload.once(LOOKUP_PREFIX, 1, LOOKUP_INSTANCES).serviceName(0);
    }

    /** Registers the looked-up service's 20 instances, one at a time (through the first target). */
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
            return BenchServer.DEFAULT_JVM_OPTIONS;
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
