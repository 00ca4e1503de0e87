package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.core.model.ServiceKey;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.raft.RaftNode;
import io.cairn.server.storage.DataDirectoryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node stopped and started again on its data directory serves exactly the catalog it had:
 * every instance, every service revision (emptied services included), every partition revision,
 * and hands out higher revisions afterwards. The snapshot threshold is low, so the catalog comes
 * back from snapshots with the log before them purged, not from a full log replay.
 *
 * <p>Ratis lays a partition out as {@code <data-dir>/raft/<group-uuid>/current/} (log segments:
 * {@code log_<first>-<last>} once closed, {@code log_inprogress_<first>} while open) and
 * {@code .../sm/} (snapshots {@code snapshot.<term>_<index>} with an {@code .md5} beside each).
 * A segment closes when it is full (8 MB) or when the term changes, which a restart does.
 */
class RestartTest {

    private static final int PARTITIONS = 2;
    private static final int SNAPSHOT_EVERY = 50;
    private static final int WRITERS = 8;
    private static final int REGISTERED = 2000;
    /** Every seventh instance, from 0, is deregistered. */
    private static final int REMOVED = (REGISTERED + 6) / 7;
    private static final List<String> NAMESPACES = List.of("default", "team-a");
    /** Services that end up empty: not listed, but their revision must survive too. */
    private static final List<String> EMPTIED = List.of("/v1/services/emptied", "/v1/services/emptied?ns=team-a");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void catalogComesBackExactlyFromSnapshotsAfterTheLogWasPurged() throws Exception {
        ServerConfig config = TestServer.config(dir, PARTITIONS).withSnapshotEveryEntries(SNAPSHOT_EVERY);
        CatalogDump beforeFirstRestart;
        try (TestServer server = new TestServer(config).start()) {
            parallel(REGISTERED, n -> register(server, n));
            List<Integer> removals = parallel(REMOVED, n -> server.delete(instancePath(n * 7)).status());
            assertThat(removals).containsOnly(200);
            for (String ns : NAMESPACES) {
                server.put("/v1/services/emptied/instances/e1?ns=" + ns, "{\"address\":\"10.0.0.1\",\"port\":1}");
                server.delete("/v1/services/emptied/instances/e1?ns=" + ns);
            }
            await().atMost(DEADLINE).untilAsserted(() -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    assertThat(snapshotIndexes(p)).as("snapshots of partition %s", p).isNotEmpty();
                }
            });
            beforeFirstRestart = CatalogDump.capture(server, NAMESPACES, EMPTIED);
        }
        assertThat(beforeFirstRestart.instanceCount()).isEqualTo(REGISTERED - REMOVED);

        CatalogDump beforeSecondRestart;
        try (TestServer server = new TestServer(config).start()) {
            assertThat(CatalogDump.capture(server, NAMESPACES, EMPTIED)).isEqualTo(beforeFirstRestart);

            // The restart closed each partition's segment (a new term opens a new one); enough
            // new writes must snapshot past it and purge it.
            List<List<String>> closedAtStart = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                closedAtStart.add(closedSegments(p));
                assertThat(closedAtStart.get(p)).as("closed segments of partition %s", p).isNotEmpty();
            }
            List<Long> revisions = parallel(1000, n -> register(server, REGISTERED + n));
            for (int n = 0; n < revisions.size(); n++) {
                int partition = partitionOf(server, REGISTERED + n);
                assertThat(revisions.get(n)).isGreaterThan(beforeFirstRestart.revision(partition));
            }
            await().atMost(DEADLINE).untilAsserted(() -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    assertThat(closedSegments(p)).as("closed segments of partition %s", p)
                            .doesNotContainAnyElementsOf(closedAtStart.get(p));
                    long purgedUpTo = lastIndex(closedAtStart.get(p));
                    assertThat(snapshotIndexes(p)).as("snapshots of partition %s", p)
                            .anySatisfy(index -> assertThat(index).isGreaterThan(purgedUpTo));
                }
            });
            beforeSecondRestart = CatalogDump.capture(server, NAMESPACES, EMPTIED);
        }

        try (TestServer server = new TestServer(config).start()) {
            assertThat(CatalogDump.capture(server, NAMESPACES, EMPTIED)).isEqualTo(beforeSecondRestart);
            for (String ns : NAMESPACES) {
                HttpAnswer next = server.put("/v1/services/emptied/instances/e2?ns=" + ns,
                        "{\"address\":\"10.0.0.2\",\"port\":2}");
                int partition = server.server().router().partitionOf(new ServiceKey(ns, "emptied"));
                assertThat(next.json().get("changed").asBoolean()).isTrue();
                assertThat(next.json().get("revision").asLong()).isGreaterThan(beforeSecondRestart.revision(partition));
            }
        }
    }

    @Test
    void partitionCountOfADataDirectoryCannotChange() throws Exception {
        try (TestServer server = new TestServer(dir, 2).start()) {
            server.register("keep", "k1", Map.of("address", "10.0.0.1", "port", 80));
        }

        try (CairnServer other = new CairnServer(TestServer.config(dir, 3))) {
            assertThatThrownBy(() -> other.start(Duration.ofSeconds(30)))
                    .isInstanceOf(DataDirectoryException.class)
                    .hasMessageContaining("created with 2 partitions")
                    .hasMessageContaining("asked for 3");
        }

        // Leaving the count out accepts the stored one, and the refused start touched nothing.
        try (TestServer server = new TestServer(TestServer.config(dir, null)).start()) {
            assertThat(server.get("/v1/status").json().get("partitionCount").asInt()).isEqualTo(2);
            assertThat(server.get("/v1/services/keep/instances/k1").status()).isEqualTo(200);
        }
    }

    /** Instance n: spread over ten services in two namespaces. */
    private static String service(int n) {
        return "svc-" + (n % 10);
    }

    private static String namespace(int n) {
        return n % 3 == 0 ? "team-a" : "default";
    }

    private static String instancePath(int n) {
        return "/v1/services/" + service(n) + "/instances/i-" + n + "?ns=" + namespace(n);
    }

    private static int partitionOf(TestServer server, int n) {
        return server.server().router().partitionOf(new ServiceKey(namespace(n), service(n)));
    }

    private static long register(TestServer server, int n) {
        String body = TestServer.json(Map.of("address", "10.1." + (n / 250) + "." + (n % 250), "port", 1000 + n % 50000,
                "tags", List.of("t" + n % 4), "meta", Map.of("n", Integer.toString(n))));
        HttpAnswer a = server.put(instancePath(n), body);
        assertThat(a.status()).as("register %s: %s", n, a).isEqualTo(200);
        return a.json().get("revision").asLong();
    }

    /** Runs {@code op(0..count-1)} on several threads; returns the results in order of n. */
    private static <T> List<T> parallel(int count, IntFunction<T> op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int n = 0; n < count; n++) {
                int task = n;
                futures.add(pool.submit(() -> op.apply(task)));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> f : futures) {
                results.add(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Path groupDir(int partition) {
        return dir.resolve("raft").resolve(RaftNode.groupId(partition).getUuid().toString());
    }

    /** The indexes of the partition's snapshots ({@code sm/snapshot.<term>_<index>}). */
    private List<Long> snapshotIndexes(int partition) {
        return list(groupDir(partition).resolve("sm")).stream()
                .filter(name -> name.matches("snapshot\\.\\d+_\\d+"))
                .map(name -> Long.parseLong(name.substring(name.indexOf('_') + 1)))
                .toList();
    }

    /** The names of the partition's closed log segments ({@code current/log_<first>-<last>}). */
    private List<String> closedSegments(int partition) {
        return list(groupDir(partition).resolve("current")).stream()
                .filter(name -> name.matches("log_\\d+-\\d+"))
                .toList();
    }

    private static long lastIndex(List<String> segments) {
        return segments.stream().mapToLong(name -> Long.parseLong(name.substring(name.indexOf('-') + 1))).max()
                .orElseThrow();
    }

    private static List<String> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
