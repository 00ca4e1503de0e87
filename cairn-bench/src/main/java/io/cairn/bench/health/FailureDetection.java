package io.cairn.bench.health;

import io.cairn.bench.BenchServer;
import io.cairn.bench.DurationConverter;
import io.cairn.testkit.EphemeralOwner;
import io.cairn.testkit.ServerProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long after an owner freezes (SIGSTOP, a real separate JVM) a watcher sees its ephemeral
 * instance deregistered: per TTL, {@code --trials} freezes at random points of the owner's
 * heartbeat cycle; prints p50, p99 and max against the target TTL + 0.5 s.
 *
 * <p>Each trial: wait until the owner's instance is registered and has been renewed for a while,
 * freeze the owner, time the watcher's {@code deregistered} event (reason {@code expired}), resume
 * the owner, which finds its instance unknown and registers it again. Every wait has a deadline.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.health.FailureDetection --ttl 1s,2s --trials 50}
 */
@Command(name = "failure-detection", mixinStandardHelpOptions = true,
        description = "Time from freezing an owner process to a watcher seeing its instance expire.")
public final class FailureDetection implements Callable<Integer> {

    @Option(names = "--ttl", split = ",", defaultValue = "1s,2s", converter = DurationConverter.class,
            description = "TTLs to measure (default ${DEFAULT-VALUE}).")
    List<Duration> ttls;

    @Option(names = "--trials", defaultValue = "50", description = "Freezes per TTL (default ${DEFAULT-VALUE}).")
    int trials;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FailureDetection()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (ServerProcess server = BenchServer.spawn(BenchServer.DEFAULT_JVM_OPTIONS, List.of(),
                Duration.ofSeconds(120))) {
            System.out.printf("%-6s %6s %9s %9s %9s %9s %9s%n", "ttl", "trials", "min ms", "p50 ms", "p99 ms",
                    "max ms", "target");
            Random random = new Random(42);
            for (Duration ttl : ttls) {
                List<Long> delays = measure(server.address(), ttl, random);
                Collections.sort(delays);
                System.out.printf("%-6s %6d %9d %9d %9d %9d %9d%n", ttl.toMillis() + "ms", delays.size(), delays.get(0),
                        percentile(delays, 50), percentile(delays, 99), delays.get(delays.size() - 1),
                        ttl.toMillis() + 500);
            }
        }
        return 0;
    }

    private List<Long> measure(String base, Duration ttl, Random random) throws Exception {
        String service = "frozen-" + ttl.toMillis();
        List<Long> delays = new ArrayList<>();
        try (EventTap tap = new EventTap(URI.create(base + "/v1/watch/services/" + service));
                EphemeralOwner owner = EphemeralOwner.start(base, service, "owner", ttl, Duration.ofMinutes(20))) {
            long deadline = 30_000 + 4 * ttl.toMillis();
            for (int t = 0; t < trials; t++) {
                if (tap.next("registered", deadline) == null) {
                    throw new IllegalStateException("the owner did not register within " + deadline + " ms");
                }
                // Some renewals first, then a random point of the heartbeat cycle (TTL/4).
                Thread.sleep(ttl.toMillis() / 2 + random.nextInt((int) Math.max(1, ttl.toMillis() / 4)));
                owner.freeze();
                long frozenAt = System.nanoTime();
                EventTap.Event gone = tap.next("deregistered", deadline);
                owner.thaw();
                if (gone == null) {
                    throw new IllegalStateException("no expiry within " + deadline + " ms of the freeze");
                }
                if (!"expired".equals(gone.data().get("reason").asText())) {
                    throw new IllegalStateException("deregistered for " + gone.data().get("reason"));
                }
                delays.add((gone.atNanos() - frozenAt) / 1_000_000);
            }
        }
        return delays;
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
