package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.cli.Main;
import io.cairn.testkit.NodeCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI pointed at one node of a 3-node cluster learns the others from it; when that node is
 * killed (kill -9), the next command and a running {@code cairn watch} go on through the others,
 * the watch resuming after the last revision it printed.
 */
class ClusterCliTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run cairn(List<String> target, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(target);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(line.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCliMovesToAnotherMemberWhenItsNodeIsKilled() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(Files.createDirectories(dir.resolve("nodes")), 3, "--partitions", "4")) {
            Path cache = dir.resolve("cache");
            List<String> target = List.of("--address", cluster.node(0).hostPort(), "--cache-dir", cache.toString());
            Run first = cairn(target, "register", "web", "--id", "w1", "--host", "10.0.0.1", "--port", "80");
            assertThat(first.code()).as(first.err()).isZero();
            try (var files = Files.list(cache)) {
                assertThat(files.toList()).as("the members learned from node 0 are kept for the next runs")
                        .singleElement().satisfies(f -> assertThat(Files.readAllLines(f)).hasSize(3));
            }

            StringWriter watchOut = new StringWriter();
            StringWriter watchErr = new StringWriter();
            List<String> watchLine = new ArrayList<>(List.of("watch", "web"));
            watchLine.addAll(target);
            CompletableFuture<Integer> watchCode = new CompletableFuture<>();
            Thread watcher = new Thread(() -> watchCode.complete(Main.run(watchLine.toArray(String[]::new),
                    new PrintWriter(watchOut, true), new PrintWriter(watchErr, true))), "cli-watch");
            watcher.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> watchOut.toString().contains("web/w1 10.0.0.1:80"));

            cluster.kill9(0);
            // Node 0's leaderships move within seconds; until then a write may be refused (503),
            // but the CLI never finds the registry unreachable: it goes to the other members.
            List<Integer> codes = Collections.synchronizedList(new ArrayList<>());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Run r = cairn(target, "register", "web", "--id", "w2", "--host", "10.0.0.2", "--port", "80");
                codes.add(r.code());
                assertThat(r.code()).as(r.err()).isZero();
            });
            assertThat(codes).doesNotContain(Main.UNREACHABLE);
            Run list = cairn(target, "instances", "web");
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).contains("w1", "w2");

            await().atMost(Duration.ofSeconds(30)).until(() -> watchOut.toString().contains("registered web/w2"));
            assertThat(watchErr.toString()).contains("reconnected to").contains("resuming after revision");
            assertThat(watchOut.toString()).as("resumed without a gap: no reset").doesNotContain(" reset ");
            watcher.interrupt();
            assertThat(watchCode.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        }
    }
}
