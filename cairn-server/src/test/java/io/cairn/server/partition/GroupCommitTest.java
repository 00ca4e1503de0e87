package io.cairn.server.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.PartitionStatus;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on a real node: concurrent writes to one partition share Raft entries, in order. */
class GroupCommitTest {

    private static final int WRITES = 2_000;

    @TempDir
    Path dir;

    @Test
    void concurrentWritesShareEntriesAndKeepTheirOrder() throws Exception {
        try (TestServer node = new TestServer(dir, 1).start()) {
            PartitionRouter router = node.server().router();
            long indexBefore = appliedIndex(router);
            ServiceKey web = new ServiceKey("default", "web");

            List<CompletableFuture<CommandResult>> results = new ArrayList<>(WRITES);
            for (int i = 0; i < WRITES; i++) {
                Instance instance = new Instance(web, "i" + i, "10.0.0.1", 1 + i % 65_000, List.of(), Map.of(),
                        Instance.DEFAULT_WEIGHT);
                results.add(router.submit(new Register(instance)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            // Every write changed the service, and the revisions follow the order of submission.
            long previous = 0;
            for (CompletableFuture<CommandResult> r : results) {
                CommandResult result = r.join();
                assertThat(result.outcome()).isEqualTo(CommandResult.Outcome.CHANGED);
                assertThat(result.revision()).isGreaterThan(previous);
                previous = result.revision();
            }
            assertThat(router.read(web).instances()).hasSize(WRITES);
            // Submitted faster than one entry commits, they went in far fewer entries than writes.
            long entries = appliedIndex(router) - indexBefore;
            assertThat(entries).isPositive().isLessThan(WRITES / 4);
        }
    }

    @Test
    void withOneWriteSlotEveryPartitionStillGetsItsTurnAndEachServiceKeepsItsOrder() throws Exception {
        int services = 64;
        int perService = 40;
        try (TestServer node = new TestServer(TestServer.config(dir, 16).withWriteSlots(1)).start()) {
            PartitionRouter router = node.server().router();
            long indexBefore = appliedIndex(router);
            List<List<CompletableFuture<CommandResult>>> results = new ArrayList<>();
            for (int s = 0; s < services; s++) {
                results.add(new ArrayList<>());
            }
            for (int i = 0; i < perService; i++) {
                for (int s = 0; s < services; s++) {
                    ServiceKey key = new ServiceKey("default", "svc-" + s);
                    Instance instance = new Instance(key, "i" + i, "10.0.0.1", 1 + i, List.of(), Map.of(),
                            Instance.DEFAULT_WEIGHT);
                    results.get(s).add(router.submit(new Register(instance)));
                }
            }
            List<CompletableFuture<CommandResult>> all = results.stream().flatMap(List::stream).toList();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            for (int s = 0; s < services; s++) {
                long previous = 0;
                for (CompletableFuture<CommandResult> r : results.get(s)) {
                    assertThat(r.join().outcome()).isEqualTo(CommandResult.Outcome.CHANGED);
                    assertThat(r.join().revision()).isGreaterThan(previous);
                    previous = r.join().revision();
                }
                assertThat(router.read(new ServiceKey("default", "svc-" + s)).instances()).hasSize(perService);
            }
            // Waiting for the one slot, each partition's commands gathered into few entries.
            long entries = appliedIndex(router) - indexBefore;
            assertThat(entries).isPositive().isLessThan(services * perService / 4);
        }
    }

    private static long appliedIndex(PartitionRouter router) {
        return router.status().stream().mapToLong(PartitionStatus::appliedIndex).sum();
    }
}
