package io.cairn.bench;

import io.cairn.testkit.ServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Watch fan-out: how long after a write's acknowledgement the last of N watchers of the service
 * has the change, and what idle watchers cost.
 *
 * <p>Watchers are SSE streams on {@code /v1/watch/services/bench-watch-N}, carried as HTTP/2
 * streams (cleartext, prior knowledge), 90 per connection, so 10,000 watchers use 112 sockets.
 * Writes are sequential PUTs from a separate HTTP/1.1 client, each a real change; the next write
 * waits until every watcher has the previous one (or 5 s, counted as a miss). Latency is measured
 * from the write's answer to each arrival (the target's definition; an arrival before the answer,
 * since the server pushes on apply before the HTTP reply leaves, counts as 0), and also from the
 * moment the write was sent to the last arrival, which includes the write's own commit.
 *
 * <p>Run: {@code java -cp "$CP" io.cairn.bench.WatchFanout --watchers 1,100,1000,10000}
 */
@Command(name = "watch-fanout", mixinStandardHelpOptions = true,
        description = "Fan-out latency of watch streams and the cost of idle watchers.")
public final class WatchFanout implements Callable<Integer> {

    private static final int STREAMS_PER_CONNECTION = 90;
    private static final Pattern ID = Pattern.compile("(?m)^id: (\\d+)$");
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");

    @Option(names = "--watchers", split = ",", defaultValue = "1,100,1000,10000", description = "Watcher counts.")
    List<Integer> watcherCounts;

    @Option(names = "--writes", defaultValue = "300", description = "Writes per watcher count (default ${DEFAULT-VALUE}).")
    int writes;

    @Option(names = "--idle", defaultValue = "10s", converter = DurationConverter.class,
            description = "Idle interval over which the server's CPU is measured (default ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTIONS", description = "JVM options of the spawned server.")
    String serverJvmOpts;

    @Option(names = "--http1", description = "Carry each single-service watcher on its own HTTP/1.1 connection"
            + " instead of an HTTP/2 stream.")
    boolean http1;

    @Option(names = "--multi-watches", defaultValue = "10000",
            description = "Also measure the idle cost of this many watches carried by multi-service streams, "
                    + "250 services per stream (0 to skip; default ${DEFAULT-VALUE}).")
    int multiWatches;

    @Option(names = "--warmup-writes", defaultValue = "500",
            description = "Writes fanned out to 100 watchers before anything is measured, so that the server's"
                    + " code is compiled (0 to skip; default ${DEFAULT-VALUE}).")
    int warmupWrites;

    @Option(names = "--watch-keepalive", paramLabel = "TIME",
            description = "The server's keep-alive interval for idle streams (default: the server's, 15s).")
    String watchKeepAlive;

    private static final int SERVICES_PER_STREAM = 250;
    private static final int WARMUP_WATCHERS = 100;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WatchFanout()).execute(args));
    }

    /** Arrivals of one revision at the watchers, written on the client's single event loop. */
    private static final class Arrivals {
        final long[] nanos;
        final AtomicInteger count = new AtomicInteger();

        Arrivals(int watchers) {
            nanos = new long[watchers];
        }
    }

    /** Server CPU ticks over one idle period before any watcher connected. */
    private long baselineTicks;

    @Override
    public Integer call() throws Exception {
        try (ServerProcess server = BenchServer.spawn(LoadGenerator.jvmOptions(serverJvmOpts),
                watchKeepAlive == null ? List.of() : List.of("--watch-keepalive", watchKeepAlive),
                Duration.ofSeconds(120))) {
            ProcessMemory memory = new ProcessMemory(server.pid());
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            HttpClientAgent h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false).setHttp2MultiplexingLimit(STREAMS_PER_CONNECTION));
            HttpClientAgent h1 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1));
            HttpClient writer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.println("| watchers | writes | ack→last watcher p50 ms | p99 ms | max ms | ack→each delivery p50 ms"
                    + " | p99 ms | write sent→last watcher p50 ms | p99 ms | misses |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            try {
                if (warmupWrites > 0) {
                    runStep(server, memory, http1 ? h1 : h2, writer, WARMUP_WATCHERS, warmupWrites, false);
                }
                // The node's own idle cost (health sweeps, Ratis timers, JIT, GC), once warm and with
                // no watcher connected, so that what the watchers add can be told apart from it.
                long baseStart = ProcessCpu.ticks(server.pid());
                long baseFrom = System.nanoTime();
                awaitCondition(() -> System.nanoTime() - baseFrom >= idle.toNanos(), idle.plusSeconds(5), "baseline");
                baselineTicks = ProcessCpu.ticks(server.pid()) - baseStart;
                for (int n : watcherCounts) {
                    runStep(server, memory, http1 ? h1 : h2, writer, n, writes, true);
                }
                if (multiWatches > 0) {
                    idleMulti(server, memory, h2, multiWatches);
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    /**
     * Connects {@code n} watchers of one service, makes {@code count} writes to it and, when
     * {@code measured}, prints the latencies (and, after the last step, the idle cost).
     */
    private void runStep(ServerProcess server, ProcessMemory memory, HttpClientAgent h2, HttpClient writer, int n,
            int count, boolean measured) throws Exception {
        String service = (measured ? "bench-watch-" : "bench-warmup-") + n;
        memory.fullGc();
        long heapBefore = memory.heap().usedBytes();
        long rssBefore = memory.residentBytes();

        Map<Long, Arrivals> arrivals = new ConcurrentHashMap<>();
        AtomicInteger ready = new AtomicInteger();
        int perConnection = http1 ? 1 : STREAMS_PER_CONNECTION;
        int connections = (n + perConnection - 1) / perConnection;
        List<HttpClientConnection> open = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            open.add(h2.connect(new HttpConnectOptions().setHost("127.0.0.1").setPort(server.httpPort()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        }
        for (int w = 0; w < n; w++) {
            int watcher = w;
            StringBuilder partial = new StringBuilder();
            boolean[] first = {true};
            Future<?> started = open.get(w / perConnection)
                    .request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/v1/watch/services/" + service))
                    // The body handler is set in the same callback that receives the response, so that no
                    // data can arrive before it.
                    .compose(req -> req.send().onSuccess(resp -> resp.handler(
                            buf -> onData(buf, partial, watcher, first, ready, arrivals, n))));
            started.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        awaitQuietly(() -> ready.get() == n, Duration.ofSeconds(60));
        if (ready.get() != n) {
            throw new IOException("only " + ready.get() + " of " + n + " watchers got their state within 60 s");
        }

        String idleNote = "";
        if (measured && n == watcherCounts.get(watcherCounts.size() - 1)) {
            memory.fullGc();
            long heapAfter = memory.heap().usedBytes();
            long rssAfter = memory.residentBytes();
            long cpuBefore = ProcessCpu.ticks(server.pid());
            long idleStart = System.nanoTime();
            awaitCondition(() -> System.nanoTime() - idleStart >= idle.toNanos(), idle.plusSeconds(5), "idle");
            long cpuTicks = ProcessCpu.ticks(server.pid()) - cpuBefore;
            idleNote = String.format("idle cost with %,d watchers: heap +%,d bytes per watcher, RSS +%,d bytes per"
                    + " watcher, server CPU %.2f s in %d s idle (the same node with no watcher: %.2f s)", n,
                    (heapAfter - heapBefore) / n, (rssAfter - rssBefore) / n, cpuTicks / 100.0, idle.toSeconds(),
                    baselineTicks / 100.0);
        }

        Histogram last = new Histogram(3);
        Histogram all = new Histogram(3);
        Histogram fromSend = new Histogram(3);
        int misses = 0;
        for (int k = 0; k < count; k++) {
            HttpRequest put = HttpRequest.newBuilder(URI.create(server.address() + "/v1/services/" + service
                    + "/instances/i" + (k % 10))).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.0.0.1\",\"port\":" + (1000 + k) + "}"))
                    .build();
            long sent = System.nanoTime();
            HttpResponse<String> answer = writer.send(put, HttpResponse.BodyHandlers.ofString());
            long ack = System.nanoTime();
            Matcher m = REVISION.matcher(answer.body());
            if (answer.statusCode() != 200 || !m.find()) {
                throw new IOException("write failed: " + answer.statusCode() + " " + answer.body());
            }
            long revision = Long.parseLong(m.group(1));
            Arrivals a = arrivals.computeIfAbsent(revision, r -> new Arrivals(n));
            boolean complete = awaitQuietly(() -> a.count.get() >= n, Duration.ofSeconds(5));
            if (!complete) {
                misses++;
                continue;
            }
            long latest = 0;
            long latestArrival = 0;
            for (long t : a.nanos) {
                long d = Math.max(0, t - ack);
                all.recordValue(d / 1000);
                latest = Math.max(latest, d);
                latestArrival = Math.max(latestArrival, t);
            }
            last.recordValue(latest / 1000);
            fromSend.recordValue(Math.max(0, latestArrival - sent) / 1000);
            arrivals.remove(revision);
        }
        if (measured) {
            System.out.printf("| %,d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %d |%n", n, count,
                    last.getValueAtPercentile(50) / 1000.0, last.getValueAtPercentile(99) / 1000.0,
                    last.getMaxValue() / 1000.0, all.getValueAtPercentile(50) / 1000.0,
                    all.getValueAtPercentile(99) / 1000.0, fromSend.getValueAtPercentile(50) / 1000.0,
                    fromSend.getValueAtPercentile(99) / 1000.0, misses);
        }
        if (!idleNote.isEmpty()) {
            System.out.println();
            System.out.println(idleNote);
        }
        for (HttpClientConnection c : open) {
            c.close();
        }
    }

    /** The idle cost of watches carried {@value #SERVICES_PER_STREAM} to a stream. */
    private void idleMulti(ServerProcess server, ProcessMemory memory, HttpClientAgent h2, int n) throws Exception {
        memory.fullGc();
        long heapBefore = memory.heap().usedBytes();
        long rssBefore = memory.residentBytes();
        int streams = (n + SERVICES_PER_STREAM - 1) / SERVICES_PER_STREAM;
        AtomicInteger synced = new AtomicInteger();
        HttpClientConnection conn = h2.connect(new HttpConnectOptions().setHost("127.0.0.1").setPort(server.httpPort()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<HttpClientConnection> open = new ArrayList<>(List.of(conn));
        for (int st = 0; st < streams; st++) {
            StringBuilder uri = new StringBuilder("/v1/watch?");
            for (int k = 0; k < SERVICES_PER_STREAM && st * SERVICES_PER_STREAM + k < n; k++) {
                uri.append(k == 0 ? "" : "&").append("service=idle-").append(st * SERVICES_PER_STREAM + k);
            }
            if (st > 0 && st % STREAMS_PER_CONNECTION == 0) {
                conn = h2.connect(new HttpConnectOptions().setHost("127.0.0.1").setPort(server.httpPort()))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                open.add(conn);
            }
            StringBuilder seen = new StringBuilder();
            conn.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri.toString()))
                    .compose(req -> req.send().onSuccess(resp -> resp.handler(buf -> {
                        seen.append(buf.toString());
                        if (seen.indexOf("event: synced") >= 0) {
                            synced.incrementAndGet();
                            seen.setLength(0);
                            seen.append("event: done"); // count once
                        }
                    }))).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        awaitCondition(() -> synced.get() == streams, Duration.ofSeconds(60), "multi-service streams to sync");
        memory.fullGc();
        long heapAfter = memory.heap().usedBytes();
        long rssAfter = memory.residentBytes();
        long cpuBefore = ProcessCpu.ticks(server.pid());
        long idleStart = System.nanoTime();
        awaitCondition(() -> System.nanoTime() - idleStart >= idle.toNanos(), idle.plusSeconds(5), "idle");
        long cpuTicks = ProcessCpu.ticks(server.pid()) - cpuBefore;
        System.out.println();
        System.out.printf("idle cost of %,d watches on %d multi-service streams (%d services each): heap +%,d bytes"
                + " per watch, RSS +%,d bytes per watch, server CPU %.2f s in %d s idle (the same node with no"
                + " watcher: %.2f s)%n", n, streams, SERVICES_PER_STREAM, (heapAfter - heapBefore) / n,
                (rssAfter - rssBefore) / n, cpuTicks / 100.0, idle.toSeconds(), baselineTicks / 100.0);
        for (HttpClientConnection c : open) {
            c.close();
        }
    }

    /** On the client's event loop: finds the SSE ids in a stream's bytes and records arrivals. */
    private static void onData(Buffer buf, StringBuilder partial, int watcher, boolean[] first, AtomicInteger ready,
            Map<Long, Arrivals> arrivals, int n) {
        long now = System.nanoTime();
        partial.append(buf.toString());
        int end = partial.lastIndexOf("\n\n");
        if (end < 0) {
            return;
        }
        Matcher m = ID.matcher(partial.substring(0, end));
        while (m.find()) {
            if (first[0]) {
                first[0] = false;
                ready.incrementAndGet();
                continue;
            }
            Arrivals a = arrivals.computeIfAbsent(Long.parseLong(m.group(1)), r -> new Arrivals(n));
            a.nanos[watcher] = now;
            a.count.incrementAndGet();
        }
        partial.delete(0, end + 2);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier done, Duration timeout, String what)
            throws IOException {
        if (!awaitQuietly(done, timeout)) {
            throw new IOException("timed out waiting for " + what);
        }
    }

    /** Polls every 0.2 ms; the bench measures latency, so it must notice completion promptly. */
    private static boolean awaitQuietly(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return true;
    }

}
