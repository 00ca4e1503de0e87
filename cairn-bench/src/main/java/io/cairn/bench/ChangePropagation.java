package io.cairn.bench;

import io.cairn.bench.cluster.SpawnedCluster;
import io.cairn.client.Cairn;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Change propagation as users' clients see it: K watchers of one service, each a server-sent
 * event stream read with {@code java.net.http} (HTTP/1.1, one connection per stream; or HTTP/2,
 * streams sharing a connection), and a writer that alternately registers and deregisters one
 * instance of the service. Each change is sent only once every watcher has the previous one, so
 * a change's time is the time to the last watcher. After {@code --warmup-changes} unrecorded
 * changes, and more until the server's and the generator's JIT compilers are quiet (at most
 * {@code --warmup-max}), {@code --changes} are measured:
 * <ul>
 *   <li>write sent → every watcher has it (p50, p99): the write's commit plus the fan-out;</li>
 *   <li>write answered → every watcher has it (p50, p99; an arrival before the answer counts 0);</li>
 *   <li>the server's CPU per change ({@code /proc/<pid>/stat}, user + system, over the measured
 *       changes), and the generator's.</li>
 * </ul>
 * With {@code --watcher-client cairn} the watchers are instead listeners of the Java client
 * ({@code Cairn#listen}) spread over {@code --clients} clients: the recommended configuration, in
 * which a client's listeners of a service share one subscription on its one watch stream, so the
 * server sends a change once per client and each client calls its listeners.
 * Bounded: each change waits at most 5 s for its watchers (a miss), each step's warmup at most
 * {@code --warmup-max} after its {@code --warmup-changes}, and then {@code --changes} changes.
 *
 * <p>One class past 400 lines because it is one measurement, read top to bottom (spawn, open the
 * watchers, warm up, measure, print a row) with options every step reads; its {@link Watcher} is
 * this benchmark's alone, and its test names it {@code ChangePropagation.Watcher}. What it shares
 * with the other benchmarks lives apart ({@link BenchServer}, {@link ProcessCpu},
 * {@link JitActivity}).
 *
 * <p>Run: {@code java -cp "$CP" io.cairn.bench.ChangePropagation --watchers 1,100,1000 --http-client jdk-http1}
 * or {@code ... --watchers 1,100,1000 --watcher-client cairn --clients 32}
 */
@Command(name = "change-propagation", mixinStandardHelpOptions = true,
        description = "Write-to-watcher latency and server CPU per change, with java.net.http watchers.")
public final class ChangePropagation implements Callable<Integer> {

    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--watchers", split = ",", defaultValue = "1,100,1000", description = "Watcher counts (default ${DEFAULT-VALUE}).")
    List<Integer> watcherCounts;

    @Option(names = "--changes", defaultValue = "200", description = "Measured changes per step (default ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--warmup-changes", defaultValue = "300",
            description = "Unrecorded changes before each step's measured ones, at least (default ${DEFAULT-VALUE}).")
    int warmupChanges;

    @Option(names = "--warmup-max", paramLabel = "TIME", defaultValue = "120s", converter = DurationConverter.class,
            description = "After --warmup-changes, unrecorded changes go on until the JIT compilers of the server and "
                    + "of this generator are quiet (as LoadGenerator's warmup), at most this long; 0s for exactly "
                    + "--warmup-changes (default ${DEFAULT-VALUE}).")
    Duration warmupMax;

    @Option(names = "--http-client", paramLabel = "KIND", defaultValue = "jdk-http1", converter = ClientKind.Converter.class,
            description = "The watchers' client: jdk-http1 (a connection per stream; default) or jdk-http2 (shared).")
    ClientKind httpClient;

    @Option(names = "--watcher-client", paramLabel = "KIND", defaultValue = "sse",
            description = "sse: each watcher its own SSE stream, read line by line with --http-client (default); "
                    + "cairn: each watcher a listener of the Java client (io.cairn.client.Cairn#listen), the watchers "
                    + "spread over --clients clients, each client one HTTP/1.1 watch stream whose subscription to the "
                    + "service its listeners share.")
    WatcherClient watcherClient;

    @Option(names = "--clients", defaultValue = "32",
            description = "With --watcher-client cairn: how many Java clients the watchers are spread over, at most "
                    + "one per watcher (default ${DEFAULT-VALUE}, as etcd's watchers over 32 connections in issue 19).")
    int clients;

    @Option(names = "--cluster", paramLabel = "N",
            description = "Spawn N nodes (2-9) that form one cluster: the writer writes through the first, the watchers "
                    + "(or the Java clients) are spread over all of them round-robin; server CPU is the nodes' sum.")
    Integer clusterSize;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTIONS", description = "JVM options of the spawned server.")
    String serverJvmOpts;

    @Option(names = "--server-set", paramLabel = "NAME=VALUE",
            description = "Another setting of the spawned server by its `cairn server` flag name, e.g. "
                    + "--server-set io-transport=nio (repeatable).")
    Map<String, String> serverSettings = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChangePropagation()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(LoadGenerator::report).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (httpClient != ClientKind.JDK_HTTP1 && httpClient != ClientKind.JDK_HTTP2) {
            throw new IllegalArgumentException("--http-client must be jdk-http1 or jdk-http2 here (watch streams are "
                    + "read asynchronously)");
        }
        if (clusterSize != null && (clusterSize < 2 || clusterSize > 9)) {
            throw new IllegalArgumentException("--cluster must be 2-9, got " + clusterSize);
        }
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
        }
        if (watcherClient == WatcherClient.CAIRN && httpClient != ClientKind.JDK_HTTP1) {
            throw new IllegalArgumentException("--watcher-client cairn speaks HTTP/1.1 (the Java client's only version);"
                    + " leave --http-client at jdk-http1");
        }
        HttpClient.Version version = httpClient == ClientKind.JDK_HTTP2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-watchers");
            t.setDaemon(true);
            return t;
        });
        ServerProcess single = null;
        SpawnedCluster cluster = null;
        try {
            Nodes server;
            if (clusterSize == null) {
                single = BenchServer.spawn(LoadGenerator.jvmOptions(serverJvmOpts), LoadGenerator.serverArgs(null, serverSettings),
                        Duration.ofSeconds(120));
                server = new Nodes(List.of(single.address()), List.of(single.pid()));
            } else {
                cluster = LoadGenerator.spawnCluster(clusterSize, LoadGenerator.jvmOptions(serverJvmOpts),
                        LoadGenerator.serverArgs(null, serverSettings));
                server = new Nodes(cluster.addresses(), cluster.pids());
            }
            System.err.printf("bench: spawned %s pids %s, %s; writes through the first, watchers over %s%n",
                    clusterSize == null ? "a server" : "a " + clusterSize + "-node cluster", server.pids(), server.addresses(),
                    (watcherClient == WatcherClient.CAIRN ? "the Java client, " + clients + " clients at most"
                            : httpClient.label()) + (clusterSize == null ? "" : ", spread over the nodes round-robin"));
            System.out.println("| watchers | client | changes | sent→all p50 ms | sent→all p99 ms | answered→all p50 ms"
                    + " | answered→all p99 ms | misses | server CPU ms/change | generator CPU ms/change | machine CPU ms/change |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            HttpClient writer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int k : watcherCounts) {
                HttpClient watchers = HttpClient.newBuilder().version(version).executor(executor).build();
                step(server, writer, watchers, k);
            }
        } finally {
            executor.shutdownNow();
            if (single != null) {
                single.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
        return 0;
    }

    /** The node or nodes under test: the writer writes through the first; watchers are spread over all. */
    record Nodes(List<String> addresses, List<Long> pids) {

        String address(int i) {
            return addresses.get(i % addresses.size());
        }

        long cpuTicks() throws IOException {
            long sum = 0;
            for (long pid : pids) {
                sum += ProcessCpu.ticks(pid);
            }
            return sum;
        }
    }

    private void step(Nodes server, HttpClient writer, HttpClient client, int k) throws Exception {
        String service = "bench-prop-" + k;
        Watcher.Tally tally = new Watcher.Tally();
        List<AutoCloseable> opened = new ArrayList<>();
        String clientLabel;
        try {
            if (watcherClient == WatcherClient.CAIRN) {
                int n = Math.min(k, clients);
                clientLabel = "cairn ×" + n;
                listen(server, writer, service, k, n, tally, opened);
            } else {
                clientLabel = httpClient.label();
                for (int i = 0; i < k; i++) {
                    Watcher w = new Watcher(tally);
                    opened.add(w::cancel);
                    HttpRequest watch = HttpRequest.newBuilder(URI.create(server.address(i) + "/v1/watch/services/" + service))
                            .build();
                    client.sendAsync(watch, HttpResponse.BodyHandlers.fromLineSubscriber(w));
                }
            }
            if (!await(() -> tally.ready.get() == k, Duration.ofSeconds(60))) {
                throw new IOException("only " + tally.ready.get() + " of " + k + " watchers got their first state within 60 s");
            }
            measure(server, writer, k, service, tally, clientLabel);
        } finally {
            for (AutoCloseable c : opened) {
                c.close();
            }
        }
    }

    /**
     * Watchers as users of the Java client have them: {@code k} listeners over {@code n} clients,
     * each client one watch stream whose subscription to the service its listeners share. The
     * service keeps one more instance throughout, so the writer's deregistrations never empty it
     * (the client holds back an empty list for confirmation, by design). A watcher is ready once
     * it is listening to a client whose cache holds the service's state; from then on every call
     * with an event is an arrival.
     */
    private static void listen(Nodes server, HttpClient writer, String service, int k, int n, Watcher.Tally tally,
            List<AutoCloseable> opened) throws IOException, InterruptedException {
        HttpResponse<String> anchor = writer.send(HttpRequest.newBuilder(URI.create(server.address(0) + "/v1/services/"
                + service + "/instances/anchor")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.0.0.2\",\"port\":8080}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (anchor.statusCode() != 200) {
            throw new IOException("anchor registration failed: " + anchor.statusCode() + " " + anchor.body());
        }
        List<Cairn> cairns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cairn cairn = Cairn.builder().addresses(server.address(i)).initialWait(Duration.ofSeconds(30)).build();
            opened.add(cairn);
            cairns.add(cairn);
            cairn.snapshot(service); // subscribes and waits for the first state
        }
        for (int i = 0; i < k; i++) {
            opened.add(0, cairns.get(i % n).listen(service, (snapshot, event) -> {
                if (event != null) {
                    tally.arrive(System.nanoTime());
                }
            }));
            tally.ready.incrementAndGet();
        }
    }

    private void measure(Nodes server, HttpClient writer, int k, String service, Watcher.Tally tally,
            String clientLabel) throws Exception {
        Histogram fromSend = new Histogram(3);
        Histogram fromAnswer = new Histogram(3);
        int misses = 0;
        long serverTicks = 0;
        long generatorTicks = 0;
        long machineTicks = 0;
        long self = ProcessHandle.current().pid();
        List<JitActivity> jits = new ArrayList<>();
        for (String address : server.addresses()) {
            jits.add(new JitActivity(URI.create(address + "/metrics"), JitActivity.DEFAULT_WINDOW));
        }
        long warmupEnds = System.nanoTime() + warmupMax.toNanos();
        long nextJitSample = 0;
        int unrecorded = warmupChanges; // grows while the JIT is busy, within --warmup-max
        for (int c = 0; c < unrecorded + changes; c++) {
            if (c == unrecorded - 1 && !warmupMax.isZero() && System.nanoTime() < warmupEnds) {
                boolean quiet = false;
                if (System.nanoTime() >= nextJitSample) {
                    quiet = true; // about 5 samples a second: the window is 5 s
                    for (JitActivity jit : jits) {
                        quiet &= jit.quiet();
                    }
                    nextJitSample = System.nanoTime() + 200_000_000L;
                }
                if (!quiet) {
                    unrecorded++;
                }
            }
            boolean measured = c >= unrecorded;
            if (c == unrecorded) {
                System.err.printf("bench: %d watchers: %d unrecorded changes (%s)%n", k, unrecorded,
                        warmupMax.isZero() ? "fixed" : jits.stream().map(JitActivity::describe).toList());
                serverTicks = -server.cpuTicks();
                generatorTicks = -ProcessCpu.ticks(self);
                machineTicks = -ProcessCpu.machineBusyTicks();
            }
            boolean register = c % 2 == 0;
            HttpRequest.Builder write = HttpRequest.newBuilder(URI.create(server.address(0) + "/v1/services/" + service
                    + "/instances/flip"));
            if (register) {
                write.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"address\":\"10.0.0.1\",\"port\":8080,\"tags\":[\"http\"],\"meta\":{\"v\":\"1\"}}"));
            } else {
                write.DELETE();
            }
            tally.arm(Thread.currentThread(), k);
            long sent = System.nanoTime();
            HttpResponse<String> answer = writer.send(write.build(), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            Matcher m = REVISION.matcher(answer.body());
            if (answer.statusCode() != 200 || !m.find()) {
                throw new IOException("write failed: " + answer.statusCode() + " " + answer.body());
            }
            if (!tally.awaitAll(k, CHANGE_TIMEOUT)) {
                if (measured) {
                    misses++;
                }
                continue;
            }
            long last = tally.last.get();
            if (measured) {
                fromSend.recordValue(Math.max(0, last - sent) / 1000);
                fromAnswer.recordValue(Math.max(0, last - answered) / 1000);
            }
        }
        serverTicks += server.cpuTicks();
        generatorTicks += ProcessCpu.ticks(self);
        machineTicks += ProcessCpu.machineBusyTicks();
        System.out.printf("| %,d | %s | %d | %.2f | %.2f | %.2f | %.2f | %d | %.2f | %.2f | %.2f |%n", k, clientLabel,
                changes, fromSend.getValueAtPercentile(50) / 1000.0, fromSend.getValueAtPercentile(99) / 1000.0,
                fromAnswer.getValueAtPercentile(50) / 1000.0, fromAnswer.getValueAtPercentile(99) / 1000.0, misses,
                serverTicks * 1000.0 / ProcessCpu.TICKS_PER_SECOND / changes,
                generatorTicks * 1000.0 / ProcessCpu.TICKS_PER_SECOND / changes,
                machineTicks * 1000.0 / ProcessCpu.TICKS_PER_SECOND / changes);
    }

    /** How the watchers read their changes ({@code --watcher-client}). */
    enum WatcherClient {
        /** Each watcher its own SSE stream, read line by line with {@code java.net.http}. */
        SSE,
        /** Each watcher a listener of the Java client; a client's listeners share its one subscription. */
        CAIRN
    }

    /**
     * Waits until {@code done} holds: polls every 50 ms (for the watchers' first states), while a
     * change's arrivals wake this thread themselves ({@link Watcher.Tally#awaitAll}).
     */
    private static boolean await(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return true;
    }

    /**
     * One watcher's line subscriber: its first event is the service's state (it is then ready);
     * every later event counts as one arrival of the change in flight.
     */
    static final class Watcher implements Flow.Subscriber<String> {

        /** What all watchers of a step have seen, for the change in flight. */
        static final class Tally {
            final AtomicInteger ready = new AtomicInteger();
            final AtomicInteger arrived = new AtomicInteger();
            final AtomicLong last = new AtomicLong();
            private volatile Thread waiter;
            private volatile int expected = Integer.MAX_VALUE;

            /**
             * Before a change is sent: counts its arrivals from zero, and the {@code expected}-th
             * wakes {@code waiter} (no polling: a busy wait would take a core from the server).
             */
            void arm(Thread waiter, int expected) {
                arrived.set(0);
                last.set(0);
                this.waiter = waiter;
                this.expected = expected;
            }

            void arrive(long nanos) {
                last.accumulateAndGet(nanos, Math::max);
                if (arrived.incrementAndGet() >= expected) {
                    LockSupport.unpark(waiter);
                }
            }

            /** On the armed thread: true once all arrived, false at the timeout. */
            boolean awaitAll(int k, Duration timeout) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (arrived.get() < k) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(left);
                }
                return true;
            }
        }

        private final Tally tally;
        private volatile Flow.Subscription subscription;
        private boolean sawEvent;
        private boolean ready;

        Watcher(Tally tally) {
            this.tally = tally;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("id:")) {
                sawEvent = true;
            } else if (line.isEmpty() && sawEvent) {
                sawEvent = false;
                if (!ready) {
                    ready = true;
                    tally.ready.incrementAndGet();
                } else {
                    tally.arrive(System.nanoTime());
                }
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
