package io.cairn.bench.cluster;

import io.cairn.api.ClusterPartition;
import io.cairn.bench.BenchServer;
import io.cairn.bench.DurationConverter;
import io.cairn.bench.Percentiles;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How long writes stop after a {@code kill -9}: a cluster of real node processes on 127.0.0.1
 * ({@link SpawnedCluster}, the JVM options of {@code cairn server}) under a light write load sent
 * through every node; each round kills one member (in rotation, or drawn with {@code --seed}),
 * measures from just before the SIGKILL to the first acknowledged write on each partition that
 * member led (from {@code /v1/cluster/partitions} just before the kill; each partition probed
 * through a surviving member, all at once, with a service that hashes to it), restarts it, and
 * waits until the cluster has converged (every partition led by {@code placement[0]} with all
 * its replicas) before the next round. Prints p50, p99 and max over all samples.
 *
 * <p>A victim that leads no partition (possible with fewer partitions than members) gives its
 * round no sample. Bounded: {@code --kills} rounds at most, each probe gives up after {@code --probe-timeout}
 * (counted as a timeout), each convergence after {@code --converge-timeout}, and no round starts
 * after {@code --max-time}.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.cluster.Failover --kills 20}
 */
@Command(name = "failover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "kill -9 cluster members in turn and measure how long until each partition they led takes writes again.")
public final class Failover implements Callable<Integer> {

    /** What a run measured. */
    public record Result(int kills, List<Long> samplesMillis, int timeouts, long writesAcknowledged, long writesFailed) {

        public long percentile(double p) {
            return samplesMillis.isEmpty() ? -1 : Percentiles.nearestRank(samplesMillis, p);
        }

        public long max() {
            return samplesMillis.isEmpty() ? -1 : Collections.max(samplesMillis);
        }
    }

    private static final Duration PROBE_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_PAUSE = Duration.ofMillis(20);
    private static final int LOAD_SERVICES = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Cluster members, 2-9 (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "20", description = "Rounds of kill -9 and restart (default ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--seed", paramLabel = "N",
            description = "Draw each victim at random from this seed (default: rotate over the members).")
    Long seed;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the cluster (default: the server's).")
    Integer partitions;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "2",
            description = "Threads of the background write load, each one write at a time (default ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--write-pause", paramLabel = "TIME", defaultValue = "10ms", converter = DurationConverter.class,
            description = "Pause of each writer after each write, to keep the load light (default ${DEFAULT-VALUE}).")
    Duration writePause;

    @Option(names = "--probe-timeout", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
            description = "A partition not writable this long after the kill counts as a timeout (default ${DEFAULT-VALUE}).")
    Duration probeTimeout;

    @Option(names = "--converge-timeout", paramLabel = "TIME", defaultValue = "120s", converter = DurationConverter.class,
            description = "Longest wait for the cluster to converge after a restart (default ${DEFAULT-VALUE}).")
    Duration convergeTimeout;

    @Option(names = "--max-time", paramLabel = "TIME", defaultValue = "30m", converter = DurationConverter.class,
            description = "No round starts after this (default ${DEFAULT-VALUE}).")
    Duration maxTime;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTIONS",
            description = "JVM options of the members, space-separated (default: those of `cairn server`).")
    String serverJvmOpts;

    @Option(names = "--server-set", paramLabel = "NAME=VALUE",
            description = "Another setting of every member by its `cairn server` flag name (repeatable).")
    Map<String, String> serverSettings = new LinkedHashMap<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Failover()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("failover: " + e.getMessage());
            return 2;
        }).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Result r = measure();
        System.out.printf(Locale.ROOT, "failover after kill -9: %d kills, %d samples, p50 %d ms, p99 %d ms, max %d ms, "
                + "%d timeouts (> %d s); background writes %d acknowledged, %d failed%n", r.kills(),
                r.samplesMillis().size(), r.percentile(50), r.percentile(99), r.max(), r.timeouts(),
                probeTimeout.toSeconds(), r.writesAcknowledged(), r.writesFailed());
        return r.timeouts() == 0 ? 0 : 1;
    }

    /** Runs the benchmark; the cluster is gone when it returns. */
    public Result measure() throws IOException, InterruptedException {
        check(nodes >= 2 && nodes <= 9, "--nodes must be 2-9");
        check(kills >= 1 && kills <= 1000, "--kills must be 1-1000");
        check(writers >= 0 && writers <= 64, "--writers must be 0-64");
        check(!writePause.isNegative() && probeTimeout.toMillis() > 0 && convergeTimeout.toMillis() > 0,
                "durations must be positive");
        long deadline = System.nanoTime() + maxTime.toNanos();
        List<String> jvm = serverJvmOpts == null ? BenchServer.DEFAULT_JVM_OPTIONS
                : Arrays.stream(serverJvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        List<String> args = new ArrayList<>();
        if (partitions != null) {
            args.addAll(List.of("--partitions", partitions.toString()));
        }
        serverSettings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        Random random = seed == null ? null : new Random(seed);
        List<Long> samples = Collections.synchronizedList(new ArrayList<>());
        int timeouts = 0;
        int done = 0;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (SpawnedCluster cluster = SpawnedCluster.start(nodes, jvm, args)) {
            long start = System.nanoTime();
            cluster.awaitReplicated(convergeTimeout);
            cluster.awaitConverged(convergeTimeout);
            System.err.printf("failover: %d members %s converged after %.1f s%n", nodes, cluster.addresses(),
                    (System.nanoTime() - start) / 1e9);
            String[] ids = new String[nodes];
            for (int i = 0; i < nodes; i++) {
                ids[i] = cluster.nodeId(i);
            }
            List<String> probes = FailoverProbes.probeServices(cluster.members(0).partitionCount());
            ExecutorService load = Executors.newFixedThreadPool(Math.max(1, writers));
            ExecutorService probing = Executors.newCachedThreadPool();
            try {
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    load.submit(() -> write(cluster, writer, stop, acked, failed));
                }
                for (int round = 0; round < kills; round++) {
                    if (System.nanoTime() - deadline > 0) {
                        System.err.printf("failover: --max-time reached after %d kills%n", round);
                        break;
                    }
                    int victim = FailoverProbes.victim(round, nodes, random);
                    List<Integer> survivors = FailoverProbes.survivors(victim, nodes);
                    List<Integer> led = new ArrayList<>();
                    for (ClusterPartition p : cluster.partitions(survivors.get(0)).partitions()) {
                        if (ids[victim].equals(p.leader())) {
                            led.add(p.partition());
                        }
                    }
                    long killedAt = System.nanoTime();
                    cluster.kill9(victim);
                    List<Future<Long>> probed = new ArrayList<>();
                    for (int k = 0; k < led.size(); k++) {
                        int through = survivors.get(k % survivors.size());
                        String service = probes.get(led.get(k));
                        int r = round;
                        probed.add(probing.submit(() -> probe(cluster.address(through), service, "round-" + r, killedAt)));
                    }
                    List<Long> roundSamples = new ArrayList<>();
                    for (Future<Long> f : probed) {
                        long ms;
                        try {
                            ms = f.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw new IOException("a probe failed: " + e.getCause(), e.getCause());
                        }
                        if (ms < 0) {
                            timeouts++;
                        } else {
                            samples.add(ms);
                            roundSamples.add(ms);
                        }
                    }
                    long restartAt = System.nanoTime();
                    cluster.restart(victim);
                    cluster.awaitConverged(convergeTimeout);
                    done++;
                    System.err.printf("failover: round %d killed member %d (led partitions %s): writable again after %s ms;"
                            + " restarted and converged in %.1f s%n", round + 1, victim, led, roundSamples,
                            (System.nanoTime() - restartAt) / 1e9);
                }
            } finally {
                stop.set(true);
                load.shutdown();
                probing.shutdownNow();
                load.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
        return new Result(done, List.copyOf(samples), timeouts, acked.get(), failed.get());
    }

    /**
     * Writes an instance of {@code service} through {@code address} until one is acknowledged;
     * returns the milliseconds since {@code since}, or -1 after {@code --probe-timeout}.
     */
    private long probe(String address, String service, String id, long since) throws InterruptedException {
        long giveUp = since + probeTimeout.toNanos();
        while (System.nanoTime() - giveUp < 0) {
            if (put(address, service, id) == 200) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
            }
            Thread.sleep(PROBE_PAUSE.toMillis());
        }
        return -1;
    }

    /** A light load: one write at a time through the running members in turn, a pause after each. */
    private void write(SpawnedCluster cluster, int writer, AtomicBoolean stop, AtomicLong acked, AtomicLong failed) {
        try {
            for (long i = 0; !stop.get(); i++) {
                int member = (int) ((i + writer) % cluster.size());
                if (!cluster.running(member)) {
                    continue;
                }
                String service = String.format("bench-failover-%05d", (i * 7 + writer) % LOAD_SERVICES);
                if (put(cluster.address(member), service, "w" + writer + "-" + (i % 100)) == 200) {
                    acked.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                Thread.sleep(writePause.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The status of a PUT of one instance, or -1 when no answer came (refused, reset, timed out). */
    private int put(String address, String service, String id) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(address + "/v1/services/" + service + "/instances/" + id))
                    .timeout(PROBE_REQUEST_TIMEOUT).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.9.0.1\",\"port\":8080}")).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
