package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many clients writing at once, on one partition (everything goes through one group-commit
 * queue) and on several: no acknowledged write is lost or applied twice, each writer sees its
 * own writes' revisions grow, and a reader never sees a service's revision go back.
 */
class ConcurrentWritesTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentWritesTest.class);
    private static final int WRITERS = 16;
    private static final int WRITES_EACH = 200;
    private static final int SERVICES = 16;

    @TempDir
    Path dir;

    /** One acknowledged write. */
    private record Ack(String service, String id, int port, long revision) {
    }

    @ParameterizedTest(name = "{0} partition(s)")
    @ValueSource(ints = {1, 8})
    void everyAcknowledgedWriteIsThereOnceAndInOrder(int partitions) throws Exception {
        try (TestServer server = new TestServer(dir, partitions).start()) {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            try {
                AtomicBoolean writing = new AtomicBoolean(true);
                Future<List<String>> reader = pool.submit(() -> watchRevisions(server, writing));
                List<Future<List<Ack>>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> write(server, writer)));
                }
                List<Ack> acks = new ArrayList<>();
                for (Future<List<Ack>> f : writers) {
                    acks.addAll(f.get(120, TimeUnit.SECONDS));
                }
                writing.set(false);
                assertThat(reader.get(30, TimeUnit.SECONDS)).as("revisions seen going back").isEmpty();

                assertEveryAckPresent(server, acks);
                assertRevisionsDensePerPartition(server, acks);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * One writer's work: new instances, and every fourth write an update of the instance it
     * wrote just before (writers never share ids, so the last acknowledged content wins).
     */
    private static List<Ack> write(TestServer server, int writer) {
        List<Ack> acks = new ArrayList<>(WRITES_EACH);
        Map<String, Long> lastRevision = new HashMap<>();
        for (int i = 0; i < WRITES_EACH; i++) {
            boolean update = i % 4 == 3;
            int n = update ? i - 1 : i;
            String service = "svc-" + ((writer + n) % SERVICES);
            String id = "w" + writer + "-" + n;
            int port = 1000 + i;
            HttpAnswer a = server.register(service, id, Map.of("address", "10.0.0.1", "port", port));
            JsonNode result = a.json();
            assertThat(result.get("changed").asBoolean()).as("%s/%s changed", service, id).isTrue();
            long revision = result.get("revision").asLong();
            Long previous = lastRevision.put(service, revision);
            if (previous != null) {
                assertThat(revision).as("revision of %s after %s", service, previous).isGreaterThan(previous);
            }
            acks.add(new Ack(service, id, port, revision));
        }
        return acks;
    }

    /** Reads every service while the writers run; returns the moments an index went back. */
    private static List<String> watchRevisions(TestServer server, AtomicBoolean writing) {
        List<String> violations = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        while (writing.get()) {
            for (int s = 0; s < SERVICES; s++) {
                String service = "svc-" + s;
                HttpAnswer a = server.get("/v1/services/" + service);
                long index = a.index();
                int size = a.json().get("instances").size();
                long before = seen.getOrDefault(service, 0L);
                if (index < before || size < sizes.getOrDefault(service, 0)) {
                    violations.add(service + " went from index " + before + " to " + index);
                }
                seen.put(service, index);
                sizes.put(service, size);
            }
        }
        return violations;
    }

    private static void assertEveryAckPresent(TestServer server, List<Ack> acks) {
        Map<String, Map<String, Integer>> expected = new TreeMap<>();
        for (Ack a : acks) {
            // Each writer's acks are in its own order; the update comes after the insert it updates.
            expected.computeIfAbsent(a.service(), k -> new TreeMap<>()).merge(a.id(), a.port(), Math::max);
        }
        int total = 0;
        for (Map.Entry<String, Map<String, Integer>> e : expected.entrySet()) {
            Map<String, Integer> actual = new TreeMap<>();
            for (JsonNode i : server.get("/v1/services/" + e.getKey()).json().get("instances")) {
                actual.put(i.get("id").asText(), i.get("port").asInt());
            }
            assertThat(actual).as("instances of %s", e.getKey()).isEqualTo(e.getValue());
            total += actual.size();
        }
        assertThat(total).isEqualTo(WRITERS * WRITES_EACH * 3 / 4);
    }

    /**
     * Every change takes the partition's next revision, so on a fresh node the acknowledged
     * revisions of a partition are exactly 1..n: none lost, none handed out twice.
     */
    private static void assertRevisionsDensePerPartition(TestServer server, List<Ack> acks) {
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        for (Ack a : acks) {
            int p = server.server().router().partitionOf(new ServiceKey("default", a.service()));
            byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(a.revision());
        }
        JsonNode partitions = server.get("/v1/status").json().get("partitions");
        long logEntries = 0;
        for (Map.Entry<Integer, List<Long>> e : byPartition.entrySet()) {
            List<Long> revisions = e.getValue().stream().sorted().toList();
            assertThat(revisions).as("revisions acknowledged in partition %s", e.getKey())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, revisions.size()).boxed().toList());
            JsonNode status = partitions.get(e.getKey());
            assertThat(status.get("revision").asLong()).isEqualTo(revisions.size());
            logEntries += status.get("appliedIndex").asLong();
        }
        // Group commit shows as fewer log entries than writes; Ratis adds its own entries
        // (configuration, commit metadata), so this is reported, not asserted.
        LOG.info("event=group-commit writes={} log-entries={} partitions={}", acks.size(), logEntries,
                byPartition.size());
    }
}
