package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The watchers' SSE reading: the first event readies a watcher, each later one is an arrival; and
 * a whole short run with the Java client's listeners against a spawned node.
 */
class ChangePropagationTest {

    @Test
    void theFirstEventIsTheStateAndLaterEventsAreArrivals() {
        ChangePropagation.Watcher.Tally tally = new ChangePropagation.Watcher.Tally();
        ChangePropagation.Watcher w = new ChangePropagation.Watcher(tally);

        for (String line : new String[] {"event: state", "id: 0", "data: {\"instances\":[]}", ""}) {
            w.onNext(line);
        }
        assertThat(tally.ready.get()).isEqualTo(1);
        assertThat(tally.arrived.get()).isZero();

        tally.arm(Thread.currentThread(), 1);
        for (String line : new String[] {": keep-alive", "", "event: registered", "id: 1", "data: {}", ""}) {
            w.onNext(line);
        }
        assertThat(tally.ready.get()).isEqualTo(1);
        assertThat(tally.arrived.get()).isEqualTo(1);
        assertThat(tally.last.get()).isPositive();

        assertThat(tally.awaitAll(1, java.time.Duration.ofMillis(1))).isTrue();

        tally.arm(Thread.currentThread(), 1);
        assertThat(tally.arrived.get()).isZero();
        assertThat(tally.awaitAll(1, java.time.Duration.ofMillis(20))).as("nothing arrived: times out").isFalse();
    }

    @Test
    void theLastArrivalWakesTheWaitingThread() throws Exception {
        ChangePropagation.Watcher.Tally tally = new ChangePropagation.Watcher.Tally();
        tally.arm(Thread.currentThread(), 2);
        Thread arrivals = new Thread(() -> {
            tally.arrive(System.nanoTime());
            tally.arrive(System.nanoTime());
        });
        long start = System.nanoTime();
        arrivals.start();
        assertThat(tally.awaitAll(2, java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(System.nanoTime() - start).as("woken, not timed out").isLessThan(java.time.Duration.ofSeconds(10).toNanos());
        arrivals.join();
    }

    @Test
    void javaClientListenersSharingSubscriptionsEachGetEveryChange() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new ChangePropagation()).setCaseInsensitiveEnumValuesAllowed(true).execute(
                    "--watchers", "7", "--watcher-client", "cairn", "--clients", "3", "--changes", "20",
                    "--warmup-changes", "4", "--warmup-max", "0s",
                    "--server-jvm-opts", "-Xmx128m -XX:TieredStopAtLevel=1", "--server-set", "partitions=2");
        } finally {
            System.setOut(stdout);
        }
        String table = out.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(table).isZero();
        // 7 listeners over 3 clients; 20 measured changes, none missed by any listener within 5 s
        assertThat(table).containsPattern("\\| 7 \\| cairn ×3 \\| 20 \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| 0 \\|");
    }

    @Test
    void badCombinationsAreRefusedBeforeAnythingStarts() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cmd = new CommandLine(new ChangePropagation()).setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setErr(new java.io.PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println(e.getMessage());
            return 2;
        });
        long before = System.nanoTime();

        assertThat(cmd.execute("--watcher-client", "cairn", "--http-client", "jdk-http2")).isEqualTo(2);
        assertThat(cmd.execute("--clients", "0")).isEqualTo(2);
        assertThat(cmd.execute("--cluster", "1")).isEqualTo(2);

        assertThat(err.toString()).contains("--watcher-client cairn speaks HTTP/1.1", "--clients must be at least 1",
                "--cluster must be 2-9");
        assertThat(System.nanoTime() - before).as("refused without spawning a node").isLessThan(5_000_000_000L);
    }
}
