package io.cairn.bench.health;

import io.cairn.bench.BenchRequest;
import io.cairn.bench.BenchServer;
import io.cairn.bench.ClosedLoop;
import io.cairn.bench.DurationConverter;
import io.cairn.bench.ProcessCpu;
import io.cairn.bench.StepResult;
import io.cairn.bench.Workload;
import io.cairn.testkit.ServerProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What heartbeats cost a node. Registers {@code --instances} ephemeral instances on a spawned
 * server (the JVM options of {@code cairn server}), then:
 * <ol>
 *   <li><b>throughput</b>: closed-loop clients send {@code PUT /v1/heartbeat} batches of
 *       {@code --batch} instances as fast as answered; prints calls/s, instances renewed/s and
 *       call latency;</li>
 *   <li><b>idle cost</b>: every instance renewed once per {@code --period}, in batches of
 *       {@code --idle-batch} (one per owning client, as the Java client batches), sent at an even
 *       rate; prints the server's CPU use over {@code --window} as a share of one core.</li>
 * </ol>
 * At the end it checks on {@code /metrics} that no instance expired.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.health.HeartbeatLoad --instances 100000 --batch 500 --clients 1,4,16}
 */
@Command(name = "heartbeat-load", mixinStandardHelpOptions = true,
        description = "Heartbeat throughput and the idle cost of many ephemeral instances.")
public final class HeartbeatLoad implements Callable<Integer> {

    @Option(names = "--instances", defaultValue = "100000", description = "Ephemeral instances (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--services", defaultValue = "1000", description = "Services they spread over (default ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--ttl", defaultValue = "60s", converter = DurationConverter.class,
            description = "Their TTL (default ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--batch", defaultValue = "500", description = "Instances per heartbeat call, throughput step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--clients", split = ",", defaultValue = "1,4,16", description = "Closed-loop clients (default ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time per throughput step (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
            description = "Unmeasured time before each step (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--period", defaultValue = "5s", converter = DurationConverter.class,
            description = "Idle step: each instance renewed once per this (default ${DEFAULT-VALUE}).")
    Duration period;

    @Option(names = "--idle-batch", defaultValue = "100", description = "Idle step: instances per call (default ${DEFAULT-VALUE}).")
    int idleBatch;

    @Option(names = "--window", defaultValue = "30s", converter = DurationConverter.class,
            description = "Idle step: measured time (default ${DEFAULT-VALUE}).")
    Duration window;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HeartbeatLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (ServerProcess server = BenchServer.spawn(BenchServer.DEFAULT_JVM_OPTIONS, List.of(),
                Duration.ofSeconds(120))) {
            System.err.printf("bench: spawned server pid=%d port=%d%n", server.pid(), server.httpPort());
            try (ClosedLoop loop = new ClosedLoop("127.0.0.1", server.httpPort(), 1).start()) {
                StepResult reg = loop.run("register", this::registration, 64, Duration.ZERO, Duration.ofMinutes(5),
                        instances);
                if (reg.operations() != instances) {
                    throw new IOException("registered " + reg.operations() + " of " + instances + ": " + reg.firstError());
                }
                System.out.printf("registered %d ephemeral instances (ttl %ds) in %.1f s%n", instances, ttl.toSeconds(),
                        reg.seconds());
                Buffer[] bodies = batches(batch);
                Workload heartbeats = seq -> new BenchRequest(HttpMethod.PUT, "/v1/heartbeat",
                        bodies[(int) (seq % bodies.length)]);
                System.out.printf("%-8s %6s %10s %14s %8s %8s %8s %7s%n", "step", "batch", "calls/s", "renewed/s",
                        "p50 ms", "p99 ms", "max ms", "errors");
                for (int c : clients) {
                    StepResult r = loop.run("heartbeat", heartbeats, c, warmup, duration, Long.MAX_VALUE);
                    System.out.printf("%-8s %6d %10.0f %14.0f %8.2f %8.2f %8.2f %7d%n", c + " cl", batch, r.opsPerSecond(),
                            r.opsPerSecond() * batch, r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(100),
                            r.errors());
                }
            }
            idle(server);
            String metrics = get(server.address() + "/metrics");
            System.out.printf("expired during the run: %.0f (cairn_instances_expired_total); leases: %.0f%n",
                    sample(metrics, "cairn_instances_expired_total"), sample(metrics, "cairn_instances_ephemeral"));
        }
        return 0;
    }

    private BenchRequest registration(long seq) {
        if (seq >= instances) {
            return null;
        }
        int host = (int) seq;
        String body = "{\"address\":\"10." + ((host >>> 16) & 0xff) + '.' + ((host >>> 8) & 0xff) + '.' + (host & 0xff)
                + "\",\"port\":8080,\"ephemeral\":true,\"ttl\":\"" + ttl.toMillis() + "ms\"}";
        return new BenchRequest(HttpMethod.PUT, "/v1/services/" + service(seq) + "/instances/i" + seq, Buffer.buffer(body));
    }

    private String service(long seq) {
        return "hb-" + (seq % services);
    }

    /** Heartbeat bodies covering every instance once, {@code size} instances each. */
    private Buffer[] batches(int size) {
        int n = (instances + size - 1) / size;
        Buffer[] out = new Buffer[n];
        for (int b = 0; b < n; b++) {
            StringBuilder json = new StringBuilder("{\"instances\":[");
            for (int i = b * size; i < Math.min(instances, (b + 1) * size); i++) {
                json.append(i == b * size ? "" : ",").append("{\"service\":\"").append(service(i))
                        .append("\",\"id\":\"i").append(i).append("\"}");
            }
            out[b] = Buffer.buffer(json.append("]}").toString());
        }
        return out;
    }

    /** Renews every instance once per period at an even rate, and measures the server's CPU. */
    private void idle(ServerProcess server) throws Exception {
        Buffer[] bodies = batches(idleBatch);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(server.address() + "/v1/heartbeat");
        long gapNanos = period.toNanos() / bodies.length;
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            pacer.scheduleAtFixedRate(() -> {
                int b = (int) (sent.getAndIncrement() % bodies.length);
                http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bodies[b].getBytes())).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> {
                            if (e != null || r.statusCode() != 200) {
                                failed.incrementAndGet();
                            }
                        });
            }, 0, gapNanos, TimeUnit.NANOSECONDS);
            Thread.sleep(period.toMillis() * 2); // pacing: one warm-up round of every owner, then measure
            long before = ProcessCpu.ticks(server.pid());
            long sentBefore = sent.get();
            Thread.sleep(window.toMillis());
            long ticks = ProcessCpu.ticks(server.pid()) - before;
            long calls = sent.get() - sentBefore;
            double seconds = window.toMillis() / 1000.0;
            System.out.printf("idle: %d instances, each renewed every %ds in batches of %d: %.0f calls/s, %.0f renewals/s,"
                    + " server CPU %.1f%% of one core over %.0f s (failed calls: %d)%n", instances, period.toSeconds(),
                    idleBatch, calls / seconds, calls * idleBatch / seconds,
                    100.0 * ticks / ProcessCpu.TICKS_PER_SECOND / seconds, seconds, failed.get());
        } finally {
            pacer.shutdownNow();
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sample(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
