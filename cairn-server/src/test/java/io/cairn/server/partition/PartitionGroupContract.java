package io.cairn.server.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PartitionGroup} must do, run against the in-memory fake
 * ({@code FakePartitionGroupContractTest}) and the Ratis implementation
 * ({@code raft.RatisPartitionGroupContractTest}). A subclass starts a fresh group per test.
 */
public abstract class PartitionGroupContract {

    private static final ServiceKey WEB = new ServiceKey("default", "web");

    /** A ready leader of its partition, alone in its group, with an empty catalog. */
    protected abstract PartitionGroup leader() throws Exception;

    /** The node id of the node holding {@link #leader()}. */
    protected abstract String nodeId();

    /** A replica of a group that has no leader (an election nobody can win). */
    protected abstract PartitionGroup leaderless() throws Exception;

    /** Closes the leader's group on its node (the node stops, or the replica is removed). */
    protected abstract void closeLeader() throws Exception;

    @Test
    void aReadyLeaderKnowsItselfAsLeaderAndPeer() throws Exception {
        PartitionGroup g = leader();
        assertThat(g.isReadyLeader()).isTrue();
        assertThat(g.role()).isEqualTo(PartitionGroup.Role.LEADER);
        assertThat(g.leaderId()).isEqualTo(nodeId());
        assertThat(g.term()).isPositive();
        assertThat(g.lastContactMillis()).isZero();
        assertThat(g.peers()).containsExactly(nodeId());
    }

    @Test
    void submitAppliesTheBatchInOrderAndAnswersEachCommand() throws Exception {
        PartitionGroup g = leader();
        long before = g.lastAppliedIndex();
        List<CommandResult> results = submit(g, register("web-1"), register("web-2"), register("web-1"),
                new Deregister(WEB, "absent"));

        assertThat(results).extracting(CommandResult::outcome).containsExactly(CommandResult.Outcome.CHANGED,
                CommandResult.Outcome.CHANGED, CommandResult.Outcome.UNCHANGED, CommandResult.Outcome.NOT_FOUND);
        assertThat(results.get(1).revision()).isGreaterThan(results.get(0).revision());
        assertThat(results.get(2).revision()).isEqualTo(results.get(1).revision());
        // Applied by the time the future completes: the catalog shows it, the index moved.
        assertThat(g.catalog().service(WEB).instances()).extracting(Instance::id).containsExactly("web-1", "web-2");
        assertThat(g.lastAppliedIndex()).isGreaterThan(before);
    }

    @Test
    void entriesApplyInTheOrderTheyWereSubmitted() throws Exception {
        PartitionGroup g = leader();
        CompletableFuture<byte[]> first = g.submit(CommandCodec.encodeBatch(List.of(register("a"))));
        CompletableFuture<byte[]> second = g.submit(CommandCodec.encodeBatch(List.of(new Deregister(WEB, "a"))));
        long revFirst = CommandCodec.decodeResults(first.get(20, TimeUnit.SECONDS)).get(0).revision();
        CommandResult removed = CommandCodec.decodeResults(second.get(20, TimeUnit.SECONDS)).get(0);
        assertThat(removed.outcome()).isEqualTo(CommandResult.Outcome.CHANGED);
        assertThat(removed.revision()).isGreaterThan(revFirst);
        assertThat(g.catalog().service(WEB).isEmpty()).isTrue();
    }

    @Test
    void aReadBarrierOnTheLeaderPassesAndThenTheCatalogHoldsEveryAcknowledgedWrite() throws Exception {
        PartitionGroup g = leader();
        submit(g, register("web-1"));
        long applied = g.lastAppliedIndex();
        g.readBarrier().get(20, TimeUnit.SECONDS);
        assertThat(g.lastAppliedIndex()).isGreaterThanOrEqualTo(applied);
        assertThat(g.catalog().service(WEB).find("web-1")).isNotNull();
    }

    @Test
    void aLeaderlessReplicaRefusesWritesNamingThePartition() throws Exception {
        PartitionGroup g = leaderless();
        assertThat(g.isReadyLeader()).isFalse();
        assertThat(g.leaderId()).isNull();
        assertThat(g.lastContactMillis()).isEqualTo(-1);
        assertUnavailable(g.submit(CommandCodec.encodeBatch(List.of(register("web-1")))), g.partition());
        assertThat(g.catalog().service(WEB)).isNull();
    }

    @Test
    void aLeaderlessReplicaCannotPassAReadBarrier() throws Exception {
        PartitionGroup g = leaderless();
        assertUnavailable(g.readBarrier(), g.partition());
    }

    @Test
    void aClosedGroupFailsItsCallsAsUnavailable() throws Exception {
        PartitionGroup g = leader();
        submit(g, register("web-1"));
        closeLeader();
        assertUnavailable(g.submit(CommandCodec.encodeBatch(List.of(register("web-2")))), g.partition());
        assertUnavailable(g.readBarrier(), g.partition());
        assertThat(g.isReadyLeader()).isFalse();
        g.announceCommit(); // best effort: does nothing on a closed group, and does not throw
    }

    @Test
    void announcingACommitChangesNothingAndNeverThrows() throws Exception {
        PartitionGroup g = leader();
        submit(g, register("web-1"));
        long applied = g.lastAppliedIndex();
        g.announceCommit(); // a single replica: no follower to tell
        leaderless().announceCommit();
        assertThat(g.lastAppliedIndex()).isEqualTo(applied);
        assertThat(g.catalog().service(WEB).instances()).hasSize(1);
    }

    private static void assertUnavailable(CompletableFuture<?> future, int partition) {
        assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PartitionUnavailableException.class)
                .hasMessageContaining("partition " + partition + " ");
    }

    private static List<CommandResult> submit(PartitionGroup g, Command... commands) throws Exception {
        return CommandCodec.decodeResults(g.submit(CommandCodec.encodeBatch(List.of(commands))).get(20, TimeUnit.SECONDS));
    }

    private static Register register(String id) {
        return new Register(new Instance(WEB, id, "10.0.0.1", 8080, List.of(), Map.of(), Instance.DEFAULT_WEIGHT));
    }
}
