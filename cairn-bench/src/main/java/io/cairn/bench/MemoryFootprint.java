package io.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The memory a node needs for a realistic catalog: spawns a {@link BenchServer} with the JVM
 * options of {@code cairn server}, registers {@code services x instances-per-service} distinct
 * instances (default 10,000 x 10 = 100,000, each with 2 tags and 2 metadata entries), checks
 * the node reports them all, then forces a full GC in the server and reads heap used (jcmd
 * GC.heap_info) and resident set size (/proc/&lt;pid&gt;/status VmRSS).
 *
 * <p>The empty node is measured the same way first, so the per-instance heap cost is reported
 * too. Heap after a full GC is live data plus nothing else: it is the figure that grows with the
 * catalog. RSS adds the JVM itself, thread stacks, metaspace, code cache and Ratis's direct
 * buffers, and whatever heap G1 keeps committed.
 *
 * <p>Then, {@code --settle} (15 s) later, it forces a full GC again and reports the committed heap
 * and RSS of the now quiet node: right after a load the node keeps more of its heap free
 * ({@code jvm.IdleHeap}), and gives it back once quiet.
 *
 * <p>With {@code --idle 60s} it first leaves the new, empty node alone for a minute and reports
 * its RSS and threads as they are then, with no forced GC: the idle footprint an operator sees
 * (docs/benchmarks.md, "Idle memory"); {@code --idle-only} stops there.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.MemoryFootprint}, or for the idle node alone {@code ... io.cairn.bench.MemoryFootprint
 * --idle 60s --idle-only}
 */
@Command(name = "memory-footprint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Heap after full GC and RSS of a node holding N instances.")
public final class MemoryFootprint implements Callable<Integer> {

    private static final String SERVICE_PREFIX = "footprint-svc-";
    private static final double MB = 1024.0 * 1024.0;

    @Option(names = "--services", paramLabel = "N", defaultValue = "10000",
            description = "Services (default ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--instances-per-service", paramLabel = "N", defaultValue = "10",
            description = "Instances per service (default ${DEFAULT-VALUE}).")
    int instancesPerService;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "32",
            description = "Concurrent registering clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "1",
            description = "Event-loop threads of the registering clients (default ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(names = "--register-timeout", paramLabel = "TIME", defaultValue = "10m",
            converter = DurationConverter.class, description = "Bound on the registration (default ${DEFAULT-VALUE}).")
    Duration registerTimeout;

    @Option(names = "--class-histogram", paramLabel = "ROWS", defaultValue = "0",
            description = "Also print the server heap's ROWS biggest classes after registering (default none).")
    int histogramRows;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTIONS",
            description = "JVM options of the spawned server, space-separated (default: those of `cairn server`).")
    String serverJvmOpts;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the spawned server (default: its own).")
    Integer partitions;

    @Option(names = "--idle", paramLabel = "TIME", defaultValue = "0s", converter = DurationConverter.class,
            description = "First leave the new node idle this long and report its RSS and threads as they are, "
                    + "without forcing a GC, e.g. 60s (default: skip).")
    Duration idle;

    @Option(names = "--idle-only", description = "Stop after the idle figure (with --idle).")
    boolean idleOnly;

    @Option(names = "--settle", paramLabel = "TIME", defaultValue = "15s", converter = DurationConverter.class,
            description = "After the figures taken right after the load, wait this long, force a full GC again and "
                    + "report RSS and committed heap once the node is quiet (0s: skip; default ${DEFAULT-VALUE}).")
    Duration settle;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MemoryFootprint()).setExecutionExceptionHandler(LoadGenerator::report)
                .execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        RegisterWorkload workload = RegisterWorkload.once(SERVICE_PREFIX, services, instancesPerService);
        long expected = workload.keys();
        PrintStream out = System.out;
        try (ServerProcess server = BenchServer.spawn(LoadGenerator.jvmOptions(serverJvmOpts),
                LoadGenerator.serverArgs(partitions, Map.of()), Duration.ofSeconds(120))) {
            System.err.printf("bench: spawned server pid=%d port=%d jvm=%s%n", server.pid(), server.httpPort(),
                    String.join(" ", LoadGenerator.jvmOptions(serverJvmOpts)));
            ProcessMemory memory = new ProcessMemory(server.pid());
            if (!idle.isZero()) {
                // An idle node as an operator sees it: what the JVM keeps by itself, no forced GC.
                Thread.sleep(idle.toMillis());
                out.printf(Locale.ROOT, "RSS, idle node      %.1f MiB after %d s idle, %d threads%n",
                        memory.residentBytes() / MB, idle.toSeconds(), memory.threads());
                if (idleOnly) {
                    return 0;
                }
            }
            memory.fullGc();
            HeapUsage empty = memory.heap();
            long emptyRss = memory.residentBytes();

            System.err.printf("bench: registering %,d instances with %d clients%n", expected, clients);
            StepResult registration;
            try (ClosedLoop loop = new ClosedLoop("127.0.0.1", server.httpPort(), clientThreads).start()) {
                registration = loop.run("register", workload, clients, Duration.ZERO, registerTimeout, expected);
            }
            long reported = reportedInstances(server.address());
            if (reported != expected) {
                System.err.printf("bench: the node reports %,d instances, expected %,d (first error: %s)%n",
                        reported, expected, registration.firstError());
                return 1;
            }
            memory.fullGc();
            HeapUsage full = memory.heap();
            long fullRss = memory.residentBytes();

            out.printf(Locale.ROOT, "instances           %,d (%,d services x %d; 2 tags + 2 meta each)%n",
                    reported, services, instancesPerService);
            out.printf(Locale.ROOT, "registration        %.1f s, %,.0f/s with %d clients, %d errors%n",
                    registration.seconds(), registration.opsPerSecond(), clients, registration.errors());
            out.printf(Locale.ROOT, "heap, empty node    %.1f MB used after full GC, %.1f MB committed%n",
                    empty.usedBytes() / MB, empty.committedBytes() / MB);
            out.printf(Locale.ROOT, "heap after full GC  %.1f MB used (target < 100 MB), %.1f MB committed%n",
                    full.usedBytes() / MB, full.committedBytes() / MB);
            out.printf(Locale.ROOT, "heap per instance   %.0f bytes%n",
                    (full.usedBytes() - empty.usedBytes()) / (double) expected);
            out.printf(Locale.ROOT, "metaspace           %.1f MB used%n", full.metaspaceUsedBytes() / MB);
            out.printf(Locale.ROOT, "RSS, empty node     %.1f MB%n", emptyRss / MB);
            out.printf(Locale.ROOT, "RSS                 %.1f MB (target < 300 MB)%n", fullRss / MB);
            if (!settle.isZero()) {
                // A node that has just been busy keeps more heap free (jvm.IdleHeap) until it has
                // been quiet for two of its 5 s periods; this is the footprint it then settles to.
                Thread.sleep(settle.toMillis());
                memory.fullGc();
                HeapUsage settled = memory.heap();
                out.printf(Locale.ROOT, "settled, %2d s later %.1f MB heap committed, RSS %.1f MB%n",
                        settle.toSeconds(), settled.committedBytes() / MB, memory.residentBytes() / MB);
            }
            if (histogramRows > 0) {
                out.println();
                out.print(memory.classHistogram(histogramRows));
            }
            return 0;
        }
    }

    /** The node's own count, from GET /v1/status: every acknowledged write must be there. */
    private static long reportedInstances(String baseUrl) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/status"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /v1/status answered " + response.statusCode() + ": " + response.body());
        }
        long total = 0;
        for (JsonNode p : new ObjectMapper().readTree(response.body()).path("partitions")) {
            total += p.path("instances").asLong();
        }
        return total;
    }
}
