package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnClientException;
import io.cairn.client.RegistryUnreachableException;
import io.cairn.client.Watch;
import io.cairn.client.WatchListener;
import io.cairn.client.WatchOptions;
import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's {@link Watch} and blocking read against a real in-process node (the client's own
 * tests cannot depend on the server): order, the {@code previous} chain, resuming, reconnecting
 * across a restart on the same port, and stopping.
 */
class ClientWatchTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Faster than the defaults so that the restart test does not wait out long backoffs. */
    private static final WatchOptions QUICK = new WatchOptions(Duration.ofMillis(50), Duration.ofMillis(500), 0.2,
            Duration.ofSeconds(45));

    @TempDir
    static Path dir;

    private static CairnServer server;
    private static CairnClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new CairnServer(ServerConfig.defaults().withDataDir(dir.resolve("shared")).withPorts(0, 0)
                .withPartitions(2)).start(Duration.ofSeconds(60));
        client = new CairnClient("http://127.0.0.1:" + server.httpPort(), Duration.ofSeconds(10), QUICK);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    /** What a listener saw, in order, and on which threads. */
    private static final class Recorder implements WatchListener {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onState(WatchState state) {
            threads.add(Thread.currentThread().getName());
            events.add(state);
        }

        @Override
        public void onChange(WatchEvent event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
        }

        @Override
        public void onConnect() {
            threads.add(Thread.currentThread().getName());
            events.add("connect");
        }

        @Override
        public void onDisconnect(Throwable cause) {
            threads.add(Thread.currentThread().getName());
            events.add(cause);
        }

        <T> List<T> of(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (Object e : events) {
                if (type.isInstance(e)) {
                    out.add(type.cast(e));
                }
            }
            return out;
        }

        long connects() {
            return events.stream().filter("connect"::equals).count();
        }

        /**
         * Replays the events as a cache would: a state replaces the view, a change must follow
         * the revision delivered before it. Returns the view: id to port.
         */
        Map<String, Integer> view() {
            Map<String, Integer> view = new TreeMap<>();
            long last = -1;
            for (Object e : events) {
                if (e instanceof WatchState s) {
                    view.clear();
                    s.instances().forEach(i -> view.put(i.id(), i.port()));
                    last = s.revision();
                } else if (e instanceof WatchEvent c) {
                    assertThat(c.previous()).as("previous of %s", c).isEqualTo(last);
                    if (c.kind().equals("deregistered")) {
                        view.remove(c.instance().id());
                    } else {
                        view.put(c.instance().id(), c.instance().port());
                    }
                    last = c.revision();
                }
            }
            return view;
        }
    }

    private static InstanceRequest at(int port, String... tags) {
        return new InstanceRequest("10.0.0.1", port, List.of(tags), Map.of(), null);
    }

    private static Map<String, Integer> ports(ServiceInstances s) {
        Map<String, Integer> out = new TreeMap<>();
        s.instances().forEach(i -> out.put(i.id(), i.port()));
        return out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theStateComesFirstThenEveryChangeInOrderOnTheWatchThread() {
        client.register(null, "ordered", "a", at(80));
        Recorder seen = new Recorder();
        try (Watch watch = client.watch(null, "ordered", -1, seen)) {
            await().atMost(DEADLINE).until(() -> seen.of(WatchState.class).size() == 1);
            client.register(null, "ordered", "b", at(81, "blue"));
            client.register(null, "ordered", "a", at(90));
            client.register(null, "ordered", "a", at(90)); // identical: no event
            long last = client.deregister(null, "ordered", "b").revision();
            await().atMost(DEADLINE).until(() -> watch.lastRevision() == last);

            assertThat(seen.events.get(0)).isEqualTo("connect");
            WatchState state = (WatchState) seen.events.get(1);
            assertThat(state.reset()).isFalse();
            assertThat(state.instances()).extracting(InstanceView::id).containsExactly("a");
            assertThat(seen.of(WatchEvent.class)).extracting(e -> e.kind() + " " + e.instance().id() + ":"
                    + e.instance().port()).containsExactly("registered b:81", "updated a:90", "deregistered b:81");
            assertThat(seen.of(WatchEvent.class).get(0).instance().tags()).containsExactly("blue");
            assertThat(seen.view()).isEqualTo(ports(client.instances(null, "ordered", List.of(), Map.of())));
            assertThat(seen.of(Throwable.class)).isEmpty();
            assertThat(seen.threads).allMatch(t -> t.startsWith("cairn-watch-")).containsOnly(seen.threads.get(0));
        }
    }

    @Test
    void aWatchFromARevisionGetsOnlyTheLaterChangesAndAnUnknownRevisionGetsAReset() {
        long from = client.register("other-ns", "resumed", "a", at(80)).revision();
        client.register("other-ns", "resumed", "b", at(81));
        long last = client.register("other-ns", "resumed", "c", at(82)).revision();

        Recorder seen = new Recorder();
        try (Watch watch = client.watch("other-ns", "resumed", from, seen)) {
            assertThat(watch.lastRevision()).isEqualTo(from);
            await().atMost(DEADLINE).until(() -> watch.lastRevision() == last);
            assertThat(seen.of(WatchState.class)).isEmpty();
            assertThat(seen.of(WatchEvent.class)).extracting(e -> e.instance().id()).containsExactly("b", "c");
            assertThat(seen.of(WatchEvent.class).get(0).previous()).isEqualTo(from);
        }

        Recorder reset = new Recorder();
        try (Watch watch = client.watch("other-ns", "resumed", last + 1_000_000, reset)) {
            await().atMost(DEADLINE).until(() -> reset.of(WatchState.class).size() == 1);
            WatchState state = reset.of(WatchState.class).get(0);
            assertThat(state.reset()).as("a revision this node never reached").isTrue();
            assertThat(state.revision()).isEqualTo(last);
            assertThat(watch.lastRevision()).isEqualTo(last);
            assertThat(state.instances()).extracting(InstanceView::id).containsExactly("a", "b", "c");
        }
    }

    @Test
    void closeStopsTheWatchAndItsConnection() {
        int before = server.watches().watcherCount();
        Recorder seen = new Recorder();
        Watch watch = client.watch(null, "closed", -1, seen);
        await().atMost(DEADLINE).until(() -> seen.of(WatchState.class).size() == 1);
        assertThat(server.watches().watcherCount()).isEqualTo(before + 1);

        watch.close();
        watch.close(); // idempotent
        assertThat(watch.terminated()).isCompleted();
        await().atMost(DEADLINE).until(() -> server.watches().watcherCount() == before);
        int seenBefore = seen.events.size();
        long revision = client.register(null, "closed", "late", at(80)).revision();
        assertThat(revision).isGreaterThan(watch.lastRevision());
        await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(() -> seen.events.size() == seenBefore);
    }

    @Test
    void closingTheClientClosesItsWatches() {
        int before = server.watches().watcherCount();
        CairnClient own = new CairnClient("http://127.0.0.1:" + server.httpPort(), Duration.ofSeconds(10));
        Recorder seen = new Recorder();
        Watch watch = own.watch(null, "client-closed", -1, seen);
        await().atMost(DEADLINE).until(() -> seen.of(WatchState.class).size() == 1);
        own.close();
        assertThat(watch.terminated()).isCompleted();
        await().atMost(DEADLINE).until(() -> server.watches().watcherCount() == before);
    }

    @Test
    void aRefusalRetryingCannotFixEndsTheWatch() {
        Recorder seen = new Recorder();
        Watch watch = client.watch(null, "not a valid name!", -1, seen);
        await().atMost(DEADLINE).until(() -> watch.terminated().isDone());
        assertThat(watch.terminated()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(CairnClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error().field()).isEqualTo("service");
                });
        assertThat(seen.events).isEmpty();
    }

    @Test
    void aListenerThatThrowsEndsTheWatchWithItsException() {
        IllegalStateException bug = new IllegalStateException("listener bug");
        Watch watch = client.watch(null, "throwing", -1, new WatchListener() {
            @Override
            public void onState(WatchState state) {
                throw bug;
            }
        });
        await().atMost(DEADLINE).until(() -> watch.terminated().isDone());
        assertThat(watch.terminated()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCause(bug);
    }

    @Test
    void aWatchOnAnUnreachableRegistryKeepsRetrying() throws Exception {
        Recorder seen = new Recorder();
        try (CairnClient nowhere = new CairnClient("http://127.0.0.1:" + freePort(), Duration.ofSeconds(2), QUICK);
                Watch watch = nowhere.watch(null, "web", -1, seen)) {
            await().atMost(DEADLINE).until(() -> seen.of(Throwable.class).size() >= 3);
            assertThat(seen.of(Throwable.class)).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(RegistryUnreachableException.class).hasMessageContaining("cannot reach"));
            assertThat(watch.terminated()).isNotDone();
            assertThat(watch.lastRevision()).isEqualTo(-1);
        }
    }

    @Test
    void aWatchReconnectsToTheRestartedServerAndResumesWithoutAGap() throws Exception {
        int port = freePort();
        Path data = dir.resolve("restarted");
        ServerConfig config = ServerConfig.defaults().withDataDir(data).withPorts(port, 0).withPartitions(2);
        Recorder seen = new Recorder();
        try (CairnClient local = new CairnClient("http://127.0.0.1:" + port, Duration.ofSeconds(10), QUICK)) {
            Watch watch;
            CairnServer first = new CairnServer(config).start(Duration.ofSeconds(60));
            try {
                local.register(null, "restarted", "a", at(80));
                watch = local.watch(null, "restarted", -1, seen);
                await().atMost(DEADLINE).until(() -> seen.of(WatchState.class).size() == 1);
                long b = local.register(null, "restarted", "b", at(81)).revision();
                await().atMost(DEADLINE).until(() -> watch.lastRevision() == b);
            } finally {
                first.close();
            }
            await().atMost(DEADLINE).until(() -> !seen.of(Throwable.class).isEmpty());
            long beforeRestart = watch.lastRevision();

            try (CairnServer second = new CairnServer(config).start(Duration.ofSeconds(60))) {
                await().atMost(DEADLINE).until(() -> seen.connects() == 2);
                local.register(null, "restarted", "a", at(90));
                long last = local.deregister(null, "restarted", "b").revision();
                await().atMost(DEADLINE).until(() -> watch.lastRevision() == last);

                assertThat(seen.of(WatchState.class)).as("resumed, not restarted from a state").hasSize(1);
                assertThat(seen.of(WatchEvent.class)).extracting(e -> e.kind() + " " + e.instance().id())
                        .containsExactly("registered b", "updated a", "deregistered b");
                List<WatchEvent> after = seen.of(WatchEvent.class).subList(1, 3);
                assertThat(after.get(0).previous()).isEqualTo(beforeRestart);
                assertThat(seen.view()).isEqualTo(ports(local.instances(null, "restarted", List.of(), Map.of())))
                        .containsExactly(Map.entry("a", 90));
                assertThat(seen.of(Throwable.class)).allMatch(e -> e instanceof RegistryUnreachableException);
                watch.close();
            }
        }
    }

    @Test
    void aBlockingReadWaitsForTheNextChangeOrTheWait() throws Exception {
        long now = client.register(null, "blocking", "a", at(80, "x")).revision();
        CompletableFuture<ServiceInstances> held = CompletableFuture.supplyAsync(
                () -> client.instances(null, "blocking", List.of("x"), Map.of(), now, Duration.ofSeconds(30)));
        await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(() -> !held.isDone());
        long next = client.register(null, "blocking", "b", at(81, "x")).revision();
        ServiceInstances answer = held.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(answer.revision()).isEqualTo(next);
        assertThat(answer.instances()).extracting(InstanceView::id).containsExactly("a", "b");

        ServiceInstances timedOut = client.instances(null, "blocking", List.of(), Map.of(), next,
                Duration.ofMillis(200));
        assertThat(timedOut.revision()).isEqualTo(next);
        assertThat(client.instances(null, "blocking", List.of(), Map.of(), next + 5, Duration.ofSeconds(30))
                .revision()).as("an index from the future answers at once").isEqualTo(next);
    }
}
