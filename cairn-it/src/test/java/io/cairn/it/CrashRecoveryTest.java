package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.api.ServiceSummary;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnClientException;
import io.cairn.client.RegistryUnreachableException;
import io.cairn.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under concurrent writes loses no acknowledged write and invents none.
 *
 * <p>Writers register instances and deregister some of them, each instance touched by one
 * writer only, and record for every instance which operations were acknowledged and which were
 * merely attempted (in flight when the node died, or failed). After a restart on the same data
 * directory, every instance's presence must be explained by that record: an acknowledged last
 * operation decides it; an unacknowledged one may or may not have landed; an instance never
 * written must not exist.
 */
class CrashRecoveryTest {

    private static final int WRITERS = 16;
    private static final int SERVICES = 24;
    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path dir;

    /** What one writer did to one instance, in order. Written by that writer only. */
    private record Ledger(boolean registerAcked, boolean deregisterAttempted, boolean deregisterAcked) {
    }

    @Test
    void everyAcknowledgedWriteSurvivesKill9AndNothingElseAppears() throws Exception {
        Path data = dir.resolve("data");
        Map<String, Ledger> ledger = new ConcurrentHashMap<>();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        AtomicInteger acks = new AtomicInteger();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicBoolean killed = new AtomicBoolean();

        try (ServerProcess server = ServerProcess.start(data, Duration.ofSeconds(90), "--partitions", "4")) {
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(
                        () -> write(server.address(), writer, ledger, attempted, acks, killed, unexpected)));
            }
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> acks.get() >= ACKS_BEFORE_KILL || unexpected.get() != null);
            assertThat(unexpected.get()).as("writer error before the kill").isNull();
            killed.set(true);
            server.kill9();
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("writers stop once the node is gone").isTrue();
            for (Future<?> f : running) {
                f.get();
            }
        }
        assertThat(unexpected.get()).as("writer error").isNull();

        try (ServerProcess restarted = ServerProcess.start(data, Duration.ofSeconds(90));
                CairnClient client = new CairnClient(restarted.address(), Duration.ofSeconds(10))) {
            Map<String, InstanceView> present = new HashMap<>();
            for (ServiceSummary s : client.services(null).services()) {
                ServiceInstances instances = client.instances(null, s.name(), List.of(), Map.of());
                for (InstanceView i : instances.instances()) {
                    present.put(i.service() + "/" + i.id(), i);
                }
            }
            int mustExist = 0;
            for (Map.Entry<String, Ledger> e : ledger.entrySet()) {
                Ledger l = e.getValue();
                if (l.deregisterAcked()) {
                    assertThat(present).as("acknowledged deregistration of %s", e.getKey()).doesNotContainKey(e.getKey());
                } else if (l.registerAcked() && !l.deregisterAttempted()) {
                    assertThat(present).as("acknowledged registration of %s", e.getKey()).containsKey(e.getKey());
                    mustExist++;
                }
            }
            for (Map.Entry<String, InstanceView> e : present.entrySet()) {
                assertThat(attempted).as("instance %s was never written", e.getKey()).contains(e.getKey());
                assertThat(e.getValue().address()).isEqualTo(addressOf(e.getValue().id()));
                assertThat(e.getValue().port()).isEqualTo(portOf(e.getValue().id()));
            }
            assertThat(mustExist).as("the check covered many surviving registrations").isGreaterThan(ACKS_BEFORE_KILL / 2);
            System.out.printf("crash test: %d acknowledged writes, %d instances that had to survive, %d present%n",
                    acks.get(), mustExist, present.size());

            // The restarted node keeps accepting writes, with revisions above what it recovered.
            ServiceInstances before = client.instances(null, "svc-0", List.of(), Map.of());
            long revision = client.register(null, "svc-0", "after-restart",
                    new InstanceRequest("10.9.9.9", 9999, List.of(), Map.of(), null)).revision();
            assertThat(revision).isGreaterThan(before.revision());
        }
    }

    /** Registers instances one after another; every fourth one is deregistered again. */
    private static void write(String address, int writer, Map<String, Ledger> ledger, Set<String> attempted,
            AtomicInteger acks, AtomicBoolean killed, AtomicReference<Throwable> unexpected) {
        try (CairnClient client = new CairnClient(address, Duration.ofSeconds(5))) {
            for (int n = 0; n < 1_000_000; n++) {
                String id = "w" + writer + "-" + n;
                String service = "svc-" + Math.floorMod(id.hashCode(), SERVICES);
                String key = service + "/" + id;
                attempted.add(key);
                client.register(null, service, id,
                        new InstanceRequest(addressOf(id), portOf(id), List.of("t" + (n % 3)), Map.of("w", "" + writer), null));
                ledger.put(key, new Ledger(true, false, false));
                acks.incrementAndGet();
                if (n % 4 == 3) {
                    ledger.put(key, new Ledger(true, true, false));
                    client.deregister(null, service, id);
                    ledger.put(key, new Ledger(true, true, true));
                    acks.incrementAndGet();
                }
            }
        } catch (RegistryUnreachableException | CairnClientException e) {
            // Expected once the node is killed (the connection drops); a failure before that is a bug.
            if (!killed.get()) {
                unexpected.compareAndSet(null, e);
            }
        } catch (RuntimeException e) {
            unexpected.compareAndSet(null, e);
        }
    }

    private static String addressOf(String id) {
        int h = Math.floorMod(id.hashCode(), 250) + 1;
        return "10.1." + h + "." + (id.length() % 250 + 1);
    }

    private static int portOf(String id) {
        return 1024 + Math.floorMod(id.hashCode(), 60000);
    }
}
