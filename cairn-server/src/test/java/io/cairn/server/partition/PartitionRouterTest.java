package io.cairn.server.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Routing on the fake consensus seam: no Raft, no disk, no threads (entries are proposed on the
 * calling thread), so each case takes microseconds and the states a real group only reaches
 * through elections are one call away.
 */
class PartitionRouterTest {

    private static final int PARTITIONS = 4;
    private final FakePartitionGroups groups = new FakePartitionGroups("node-a", PARTITIONS);
    private final PartitionRouter router = new PartitionRouter(groups, new Partitioner(PARTITIONS),
            Duration.ofSeconds(10), Runnable::run, 2, 1, new io.cairn.testkit.ManualTicker());
    private final ServiceKey web = new ServiceKey("default", "web");
    private final int p = router.partitionOf(web);

    @Test
    void theLocalLeaderTakesTheWriteAndServesTheRead() throws Exception {
        CommandResult result = router.submit(register(web, "web-1")).get(1, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(CommandResult.Outcome.CHANGED);
        assertThat(router.read(web).find("web-1")).isNotNull();
        assertThat(groups.replica(p).lastAppliedIndex()).isEqualTo(1);
        assertThat(router.leaderTerm(p)).isEqualTo(groups.replica(p).term());
    }

    @Test
    void aFollowerRefusesWritesAndDefaultReadsNamingThePartitionButServesLocalReads() throws Exception {
        router.submit(register(web, "web-1")).get(1, TimeUnit.SECONDS);
        groups.replica(p).leadElsewhere("node-b", 40);

        assertUnavailable(router.submit(register(web, "web-2")), "it has no leader on this node yet");
        assertThatThrownBy(() -> router.read(web)).isInstanceOf(PartitionUnavailableException.class)
                .hasMessageContaining("partition " + p + " ");
        assertThat(router.readLocal(web).find("web-1")).isNotNull();
        assertThat(router.lastContactMillis(p)).isEqualTo(40);
        assertThat(router.leaderTerm(p)).isEqualTo(-1);
        assertThat(router.catalogIfLeader(p)).isNull();
        assertThat(groups.replica(p).heldEntries()).isZero();
        assertThat(groups.replica(p).lastAppliedIndex()).isEqualTo(1); // the refused write reached nothing
    }

    @Test
    void aLeaderStillCatchingUpServesNothingYet() {
        groups.replica(p).catchUp();
        assertThatThrownBy(() -> router.read(web)).isInstanceOf(PartitionUnavailableException.class)
                .hasMessageContaining("catching up");
        assertUnavailable(router.submit(register(web, "web-1")), "catching up");
        assertThat(router.allReady()).isFalse();
    }

    @Test
    void aPartitionNotHeldHereIsUnavailableForEveryKindOfRead() {
        groups.drop(p);
        assertThat(router.holds(p)).isFalse();
        assertThatThrownBy(() -> router.readLocal(web)).isInstanceOf(PartitionUnavailableException.class)
                .hasMessageContaining("holds no replica");
        assertThatThrownBy(() -> router.read(web)).isInstanceOf(PartitionUnavailableException.class);
        assertUnavailable(router.readBarrier(p), "holds no replica");
        assertUnavailable(router.submit(register(web, "web-1")), "holds no replica");
        assertThat(router.lastContactMillis(p)).isEqualTo(-1);
        assertThat(router.status().get(p).role()).isEqualTo("NONE");
    }

    @Test
    void aFailingGroupFailsTheWriteWithItsReason() {
        groups.replica(p).fail("no quorum");
        assertUnavailable(router.submit(register(web, "web-1")), "no quorum");
        assertUnavailable(router.readBarrier(p), "no quorum");
    }

    @Test
    void allCatalogsTakesLeadersAndFollowersWithALeaderButNotALeaderlessPartition() throws Exception {
        router.submit(register(web, "web-1")).get(1, TimeUnit.SECONDS);
        int other = (p + 1) % PARTITIONS;
        groups.replica(other).leadElsewhere("node-b", 5);

        List<io.cairn.core.catalog.PartitionCatalog> all = router.allCatalogs();
        assertThat(all).hasSize(PARTITIONS);
        assertThat(all.get(p).service(web).find("web-1")).isNotNull();
        assertThat(all.get(other)).isSameAs(groups.replica(other).catalog());

        groups.replica(other).loseLeader();
        assertThatThrownBy(router::allCatalogs).isInstanceOf(PartitionUnavailableException.class)
                .hasMessageContaining("partition " + other + " ");
        assertThat(router.localCatalogs()).hasSize(PARTITIONS); // a local listing does not care
    }

    @Test
    void readBarriersPassOnEveryReplicaWithALeaderAndFailWithout() throws Exception {
        groups.replica(p).leadElsewhere("node-b", 5);
        router.readBarrierAll().get(1, TimeUnit.SECONDS);
        groups.replica(p).loseLeader();
        assertUnavailable(router.readBarrier(p), "no leader");
        assertUnavailable(router.readBarrierAll(), "partition " + p + " ");
    }

    @Test
    void commandsArrivingWhileAnEntryIsInFlightGoTogetherInTheNext() throws Exception {
        FakePartitionGroup group = groups.replica(p);
        group.hold();
        CompletableFuture<CommandResult> first = router.submit(register(web, "a"));
        CompletableFuture<CommandResult> second = router.submit(register(web, "b"));
        CompletableFuture<CommandResult> third = router.submit(register(web, "c"));
        assertThat(group.heldEntries()).isEqualTo(1);
        assertThat(first).isNotDone();

        group.release();

        assertThat(List.of(first.get(1, TimeUnit.SECONDS), second.get(1, TimeUnit.SECONDS),
                third.get(1, TimeUnit.SECONDS))).extracting(CommandResult::revision).containsExactly(1L, 2L, 3L);
        assertThat(group.appliedEntries()).extracting(e -> CommandCodec.decodeBatch(e).size()).containsExactly(1, 2);
    }

    @Test
    void followersAreToldOfACommitOnlyWhenNoEntryFollowsToCarryIt() throws Exception {
        FakePartitionGroup group = groups.replica(p);
        router.submit(register(web, "alone")).get(1, TimeUnit.SECONDS);
        assertThat(group.announcements()).as("a single replica has no followers to tell").isZero();

        group.setPeers(List.of("node-a", "node-b", "node-c"));
        router.submit(register(web, "a")).get(1, TimeUnit.SECONDS); // learns the group is replicated
        int before = group.announcements();
        group.hold();
        CompletableFuture<CommandResult> first = router.submit(register(web, "b"));
        CompletableFuture<CommandResult> second = router.submit(register(web, "c"));
        CompletableFuture<CommandResult> third = router.submit(register(web, "d"));
        group.release();
        CompletableFuture.allOf(first, second, third).get(1, TimeUnit.SECONDS);

        // Two entries: the first was followed by the second (which carries the commit index), so
        // only the second, with nothing after it, asked for the followers to be told.
        assertThat(group.appliedEntries()).hasSize(4);
        assertThat(group.announcements() - before).isEqualTo(1);

        group.fail("no quorum");
        assertUnavailable(router.submit(register(web, "e")), "no quorum");
        assertThat(group.announcements() - before).as("a failed entry is not announced").isEqualTo(1);
    }

    private static void assertUnavailable(CompletableFuture<?> future, String reason) {
        assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PartitionUnavailableException.class).hasMessageContaining(reason);
    }

    private static Register register(ServiceKey key, String id) {
        return new Register(new Instance(key, id, "10.0.0.1", 8080, List.of(), Map.of(), Instance.DEFAULT_WEIGHT));
    }
}
