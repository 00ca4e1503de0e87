package io.cairn.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.LocalGroup;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A converged cluster's rounds step no partition: the controller skips a group that already has
 * its wanted replicas and preferred leader, so an idle node wakes no step thread every second.
 */
class SettledRoundsTest {

    @TempDir
    Path dir;

    private static LocalGroup group(String leader, String... peers) {
        return new LocalGroup(0, "leader", leader, 1, 10, List.of(peers), true);
    }

    @Test
    void aGroupIsSettledOnlyWithTheWantedReplicasAndThePreferredLeader() {
        List<String> wanted = List.of("a", "b", "c");
        assertThat(Controller.settled(wanted, group("a", "a", "b", "c"))).isTrue();
        assertThat(Controller.settled(wanted, group("a", "c", "a", "b"))).as("order of peers").isTrue();
        assertThat(Controller.settled(wanted, group("b", "a", "b", "c"))).as("another leader").isFalse();
        assertThat(Controller.settled(wanted, group("a", "a", "b"))).as("a replica missing").isFalse();
        assertThat(Controller.settled(wanted, group("a", "a", "b", "c", "d"))).as("a replica too many").isFalse();
        assertThat(Controller.settled(wanted, group("a", "a", "b", "d"))).as("another replica").isFalse();
        assertThat(Controller.settled(List.of(), group("a", "a"))).isFalse();
    }

    @Test
    void anIdleSingleNodeStartsNoStepThread() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (TestServer node = new TestServer(dir, 4).start()) {
            // the first round has run once the metadata leader answers the member list
            await().atMost(Duration.ofSeconds(30)).until(() -> node.get("/v1/cluster/members").status() == 200);
            // then at least two more rounds (one a second), none of which may step a partition
            await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                    .until(() -> stepThreadsSince(before).isEmpty());
        }
    }

    private static Set<String> stepThreadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .map(Thread::getName).filter(n -> n.startsWith("cairn-cluster-step-")).collect(Collectors.toSet());
    }
}
