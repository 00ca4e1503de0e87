package io.cairn.bench;

import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What held blocking queries cost a node while nothing changes: the server's CPU over an idle
 * interval with no query held, then with {@code --queries} Consul blocking queries held
 * ({@code GET /v1/health/service/S?passing&index=I&wait=5m}, each on its own HTTP/1.1 connection of
 * {@code java.net.http}), then one change, after which every held query must return with a higher
 * {@code X-Consul-Index} (checked, and the time until the last returned printed).
 *
 * <p>Run: {@code java -cp "$CP" io.cairn.bench.BlockingIdle --queries 1000 --idle 10s}
 */
@Command(name = "blocking-idle", mixinStandardHelpOptions = true,
        description = "Server CPU of held Consul blocking queries while nothing changes.")
public final class BlockingIdle implements Callable<Integer> {

    @Option(names = "--queries", defaultValue = "1000", description = "Blocking queries held (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--idle", defaultValue = "10s", converter = DurationConverter.class,
            description = "Each idle interval measured (default ${DEFAULT-VALUE}).")
    Duration idle;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BlockingIdle()).setExecutionExceptionHandler(LoadGenerator::report).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (queries < 1 || queries > 10_000) {
            throw new IllegalArgumentException("--queries must be 1-10000");
        }
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (ServerProcess server = BenchServer.spawn(BenchServer.DEFAULT_JVM_OPTIONS, List.of(), Duration.ofSeconds(120))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
            String base = server.address();
            put(http, base, "bench-blocking", "i-0", 8080);
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/v1/health/service/bench-blocking?passing")).build(), HttpResponse.BodyHandlers.ofString());
            long index = Long.parseLong(first.headers().firstValue("X-Consul-Index").orElseThrow());

            double baseline = cpuSeconds(server, idle);
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int q = 0; q < queries; q++) {
                held.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/health/service/bench-blocking?passing&index="
                        + index + "&wait=5m")).timeout(Duration.ofMinutes(6)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(2_000); // let every query reach the server and be held
            long returnedEarly = held.stream().filter(CompletableFuture::isDone).count();
            double holding = cpuSeconds(server, idle);
            long changed = System.nanoTime();
            put(http, base, "bench-blocking", "i-1", 8081);
            long higher = 0;
            for (CompletableFuture<HttpResponse<String>> f : held) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                if (r.statusCode() == 200 && Long.parseLong(r.headers().firstValue("X-Consul-Index").orElse("0")) > index) {
                    higher++;
                }
            }
            double allBack = (System.nanoTime() - changed) / 1e6;
            System.out.printf("| held queries | server CPU in %d s idle, none held | with them held | returned before the change"
                    + " | returned after it with a higher index | change → last returned |%n", idle.toSeconds());
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %,d | %.2f s | %.2f s | %d | %,d | %.0f ms |%n", queries, baseline, holding, returnedEarly,
                    higher, allBack);
            return higher == queries && returnedEarly == 0 ? 0 : 1;
        } finally {
            executor.shutdownNow();
        }
    }

    private static void put(HttpClient http, String base, String service, String id, int port)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/services/" + service + "/instances/" + id))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.1.0.1\",\"port\":" + port + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("registration failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** The server's CPU seconds over {@code interval} of wall time. */
    private static double cpuSeconds(ServerProcess server, Duration interval) throws IOException, InterruptedException {
        long before = ProcessCpu.ticks(server.pid());
        Thread.sleep(interval.toMillis());
        return (ProcessCpu.ticks(server.pid()) - before) / (double) ProcessCpu.TICKS_PER_SECOND;
    }
}
