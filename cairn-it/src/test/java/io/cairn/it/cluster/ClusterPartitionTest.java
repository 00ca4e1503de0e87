package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.NodeStatus;
import io.cairn.api.ServiceInstances;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.testkit.NetworkLab;
import io.cairn.testkit.NodeCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, scenario 5: one node cut off from the others (its Raft and HTTP links to them lose
 * every packet, while this test still reaches it) acknowledges nothing it cannot commit, the
 * majority goes on, and after healing every replica converges.
 *
 * <p>Each node runs in its own network namespace ({@link NetworkLab}); the node cut off is the
 * one that leads the most partitions, so it holds leaderships it can no longer use. With 3 nodes
 * and replication 3 it holds a replica of every partition and a majority of none, so no write it
 * answers while cut off may be 2xx, whatever partition it is for. A write sent to it before the
 * cut or answered after the healing may be either. Skipped (not failed) where namespaces cannot
 * be made: the test needs root and iproute2, as CI has.
 */
class ClusterPartitionTest {

    private static final int PARTITIONS = 4;
    private static final int MAJORITY_WRITERS = 4;
    /**
     * Long enough for a write sent just after the cut to be answered before the healing, even at
     * the 10 s write timeout.
     */
    private static final Duration CUT_OFF = Duration.ofSeconds(25);
    /** How often a write is sent to the node cut off (each without waiting for the last). */
    private static final Duration ISOLATED_PACE = Duration.ofMillis(100);
    private static final Duration ISOLATED_TIMEOUT = Duration.ofSeconds(20);
    /** Writes through the majority go on this long after the healing, while leaderships move back. */
    private static final Duration AFTER_HEALING = Duration.ofSeconds(10);
    /** How soon after the cut every partition must take a write through the majority again. */
    private static final Duration MAJORITY_RESUMES = Duration.ofSeconds(20);
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"([^\"]*)\"");

    @TempDir
    Path dir;

    /**
     * When the cut and the healing happened (0 until they do), and the majority's failed writes
     * by phase and kind: how many, and when the first and the last were sent, in milliseconds
     * after the cut or the healing (before the cut: relative to the cut, so negative).
     */
    static final class Timeline {
        volatile long cut;
        volatile long healed;
        private final Map<String, long[]> failures = new TreeMap<>();

        synchronized void failed(long sentNanos, String kind) {
            boolean afterHealing = healed != 0 && sentNanos >= healed;
            String phase = afterHealing ? "after healing" : cut != 0 && sentNanos >= cut ? "cut off" : "before the cut";
            // A failure is recorded once its answer is in, so the cut is known unless it is yet to come.
            long offset = cut == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(sentNanos - (afterHealing ? healed : cut));
            long[] t = failures.computeIfAbsent(phase + ": " + kind, k -> new long[] {0, offset, offset});
            t[0]++;
            t[2] = offset;
        }

        @Override
        public synchronized String toString() {
            StringBuilder out = new StringBuilder();
            failures.forEach((k, t) -> out.append(out.length() == 0 ? "" : "; ").append(k).append(" = ").append(t[0])
                    .append(" (sent at ").append(t[1]).append("..").append(t[2]).append(" ms)"));
            return out.length() == 0 ? "none" : out.toString();
        }
    }

    @Test
    void aNodeCutOffAcknowledgesNothingItCannotCommitAndTheMajorityGoesOn() throws Exception {
        Optional<String> unavailable = NetworkLab.unavailable();
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "needs network namespaces: " + unavailable.orElseThrow());
        long began = System.nanoTime();
        try (NetworkLab lab = NetworkLab.create(3);
                NodeCluster cluster = NodeCluster.start(dir, lab, 3, "--partitions", Integer.toString(PARTITIONS),
                        // the node comes back well within the grace period: it must only catch up
                        "--member-grace", "60s")) {
            Partitioner partitioner = new Partitioner(PARTITIONS);
            List<String> services = servicesCoveringEveryPartition(partitioner);
            int victim = nodeLeadingMost(cluster);
            List<NodeCluster.Node> majority = new ArrayList<>(cluster.nodes());
            majority.remove(victim);
            WriteLedger ledger = new WriteLedger();
            AtomicBoolean stop = new AtomicBoolean();
            Timeline timeline = new Timeline();
            List<Long> majorityAcks = Collections.synchronizedList(new ArrayList<>());
            ExecutorService writers = Executors.newFixedThreadPool(MAJORITY_WRITERS + 1 + PARTITIONS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < MAJORITY_WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(() -> writeThroughMajority(cluster, majority, writer, services, ledger,
                        stop, timeline, majorityAcks)));
            }
            AtomicBoolean stopVictim = new AtomicBoolean();
            List<CutOffAnswers.Sent> sentToVictim = Collections.synchronizedList(new ArrayList<>());
            running.add(writers.submit(() -> writeToVictim(cluster, cluster.node(victim), services, partitioner, ledger,
                    stopVictim, sentToVictim)));
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged() >= 100);

            lab.isolate(victim);
            long cut = System.nanoTime();
            LocalTime cutAt = LocalTime.now();
            timeline.cut = cut;
            // The majority goes on: a write to every partition through a node of the majority
            // succeeds again (the partitions the victim led need an election first).
            List<Future<Long>> resumed = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                int partition = p;
                resumed.add(writers.submit(() -> firstWrite(cluster, majority, services.get(partition), partition,
                        ledger, cut)));
            }
            List<Long> resumedMillis = new ArrayList<>();
            for (Future<Long> f : resumed) {
                resumedMillis.add(f.get());
            }
            long remaining = CUT_OFF.toNanos() - (System.nanoTime() - cut);
            if (remaining > 0) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(remaining));
            }
            stopVictim.set(true);
            lab.heal(victim);
            long healed = System.nanoTime();
            LocalTime healedAt = LocalTime.now();
            timeline.healed = healed;

            // Writes go on across the healed cluster for a while, then the invariant checks.
            Thread.sleep(AFTER_HEALING.toMillis());
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : running) {
                f.get();
            }
            cluster.awaitConverged(Duration.ofSeconds(60));
            Map<String, ServiceInstances> state = cluster.assertReplicasEqual(services);
            for (CutOffAnswers.Sent s : sentToVictim) {
                s.answer().get(ISOLATED_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            }
            ledger.assertExplains(state);

            CutOffAnswers answers = CutOffAnswers.of(sentToVictim, cut, healed);
            long ackedWhileCutOff = majorityAcks.stream().filter(t -> t > cut && t < healed).count();
            System.out.printf("partition test: node %d cut off at %s for %d ms, healed at %s.%n  Writes sent to it: %s."
                    + "%n  Majority: every partition written again %s ms after the cut; %d writes acknowledged while"
                    + " the node was cut off, %d in all; failed attempts: %s.%n  %d s in all.%n",
                    victim, cutAt, TimeUnit.NANOSECONDS.toMillis(healed - cut), healedAt, answers, resumedMillis,
                    ackedWhileCutOff, majorityAcks.size(), timeline,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
            assertThat(answers.notRefused()).as("answers other than 503 from the node cut off").isEmpty();
            assertThat(answers.answeredWhileCutOff()).as("writes sent to the node cut off and answered while cut off")
                    .isGreaterThan(50);
            assertThat(ackedWhileCutOff).as("writes the majority acknowledged while the node was cut off")
                    .isGreaterThan(20);
        }
    }

    /**
     * Writes to {@code service} through the majority, alternating nodes, until a write is
     * acknowledged; the milliseconds from the cut to that acknowledgement.
     */
    private static long firstWrite(NodeCluster cluster, List<NodeCluster.Node> majority, String service, int partition,
            WriteLedger ledger, long cut) {
        for (int attempt = 0; System.nanoTime() - cut < MAJORITY_RESUMES.toNanos(); attempt++) {
            String id = "probe-" + partition + "-" + attempt;
            ledger.attemptRegister(service, id);
            HttpResponse<String> r = send(cluster, majority.get(attempt % majority.size()), "PUT", service, id,
                    Duration.ofSeconds(5));
            if (r != null && r.statusCode() == 200) {
                ledger.ackRegister(service, id);
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("partition " + partition + " took no write through the majority within "
                + MAJORITY_RESUMES.toSeconds() + " s of the cut");
    }

    /** Two services per partition, the first {@code PARTITIONS} one for each partition in order. */
    private static List<String> servicesCoveringEveryPartition(Partitioner partitioner) {
        List<List<String>> byPartition = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            byPartition.add(new ArrayList<>());
        }
        for (int i = 0; byPartition.stream().anyMatch(l -> l.size() < 2); i++) {
            String name = "svc-" + i;
            List<String> bucket = byPartition.get(partitioner.partitionOf(new ServiceKey("default", name)));
            if (bucket.size() < 2) {
                bucket.add(name);
            }
        }
        List<String> out = new ArrayList<>();
        byPartition.forEach(l -> out.add(l.get(0)));
        byPartition.forEach(l -> out.add(l.get(1)));
        return out;
    }

    /** The index of the node that leads the most partitions now. */
    private static int nodeLeadingMost(NodeCluster cluster) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (NodeCluster.Node n : cluster.nodes()) {
            ids.add(cluster.get(n, "/v1/status", NodeStatus.class).node());
        }
        int[] led = new int[ids.size()];
        for (ClusterPartition p : cluster.get(cluster.node(0), "/v1/cluster/partitions", ClusterPartitions.class)
                .partitions()) {
            led[ids.indexOf(p.leader())]++;
        }
        int most = 0;
        for (int i = 1; i < led.length; i++) {
            if (led[i] > led[most]) {
                most = i;
            }
        }
        return most;
    }

    /** A writer through the majority: registers fresh instances and deregisters some, via either node. */
    private static void writeThroughMajority(NodeCluster cluster, List<NodeCluster.Node> majority, int writer,
            List<String> services, WriteLedger ledger, AtomicBoolean stop, Timeline timeline, List<Long> acks) {
        Random random = new Random(writer);
        List<String[]> mine = new ArrayList<>();
        for (int i = 0; !stop.get(); i++) {
            NodeCluster.Node node = majority.get(random.nextInt(majority.size()));
            long sent = System.nanoTime();
            if (i % 3 == 2 && !mine.isEmpty()) {
                String[] target = mine.remove(random.nextInt(mine.size()));
                ledger.attemptDeregister(target[0], target[1]);
                HttpResponse<String> r = send(cluster, node, "DELETE", target[0], target[1], Duration.ofSeconds(15));
                if (r != null && r.statusCode() == 200) {
                    ledger.ackDeregister(target[0], target[1]);
                    acks.add(System.nanoTime());
                } else {
                    timeline.failed(sent, kind(r, null));
                }
                continue;
            }
            String service = services.get(random.nextInt(services.size()));
            String id = "m" + writer + "-" + i;
            ledger.attemptRegister(service, id);
            HttpResponse<String> r = send(cluster, node, "PUT", service, id, Duration.ofSeconds(15));
            if (r != null && r.statusCode() == 200) {
                ledger.ackRegister(service, id);
                acks.add(System.nanoTime());
                mine.add(new String[] {service, id});
            } else {
                timeline.failed(sent, kind(r, null));
            }
        }
    }

    /**
     * Sends a registration to the victim every {@link #ISOLATED_PACE}, without waiting for the
     * answers (a write it cannot commit may wait out the 10 s write timeout), until told to stop.
     */
    private static void writeToVictim(NodeCluster cluster, NodeCluster.Node victim, List<String> services,
            Partitioner partitioner, WriteLedger ledger, AtomicBoolean stop, List<CutOffAnswers.Sent> sent) {
        for (int i = 0; !stop.get(); i++) {
            String service = services.get(i % services.size());
            String id = "v-" + i;
            ledger.attemptRegister(service, id);
            long at = System.nanoTime();
            CompletableFuture<CutOffAnswers.Answer> answer = cluster.http()
                    .sendAsync(request(victim, "PUT", service, id, ISOLATED_TIMEOUT),
                            HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> {
                        if (r != null && r.statusCode() == 200) {
                            ledger.ackRegister(service, id);
                        }
                        return new CutOffAnswers.Answer(System.nanoTime(), r == null ? -1 : r.statusCode(),
                                kind(r, e));
                    });
            int partition = partitioner.partitionOf(new ServiceKey("default", service));
            sent.add(new CutOffAnswers.Sent(at, partition, answer));
            try {
                Thread.sleep(ISOLATED_PACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static HttpRequest request(NodeCluster.Node node, String method, String service, String id,
            Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.address() + "/v1/services/" + service
                + "/instances/" + id)).timeout(timeout).header("Content-Type", "application/json");
        return (method.equals("PUT")
                ? b.PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.2.0.1\",\"port\":8080}"))
                : b.DELETE()).build();
    }

    /** The answer, or null when none came (connection failure or timeout). */
    private static HttpResponse<String> send(NodeCluster cluster, NodeCluster.Node node, String method, String service,
            String id, Duration timeout) {
        try {
            return cluster.http().send(request(node, method, service, id, timeout),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An answer, or a failure to get one, as a short description to count outcomes by. */
    private static String kind(HttpResponse<String> r, Throwable failure) {
        if (r == null) {
            Throwable cause = failure != null && failure.getCause() != null ? failure.getCause() : failure;
            return cause == null ? "no answer" : cause.getClass().getSimpleName();
        }
        if (r.statusCode() == 200) {
            return "200";
        }
        Matcher m = MESSAGE.matcher(r.body());
        String message = m.find() ? m.group(1).replaceAll("node-[0-9a-f]+", "NODE").replaceAll("\\d+", "N") : r.body();
        return r.statusCode() + " " + message;
    }
}
