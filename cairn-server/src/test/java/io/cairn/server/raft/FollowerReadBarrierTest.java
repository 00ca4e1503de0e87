package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.partition.PartitionUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam on a follower of a real two-replica group (two {@link RaftNode}s on ephemeral ports):
 * writes are refused naming the leader's partition, and the read barrier works there too, since
 * Ratis asks the leader for the read index.
 */
class FollowerReadBarrierTest {

    private static final ServiceKey WEB = new ServiceKey("default", "web");

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private InProcessGroup group;
    private List<RaftNode> nodes;

    @BeforeEach
    void start() throws IOException {
        group = InProcessGroup.start(List.of(dirA, dirB), Map.of());
        nodes = group.nodes();
    }

    @AfterEach
    void stop() throws IOException {
        group.close();
    }

    private PartitionGroup leader() {
        return group.leader();
    }

    private PartitionGroup follower() {
        return group.followers().get(0);
    }

    @Test
    void aFollowerPassesTheReadBarrierAndThenHoldsEveryWriteTheLeaderAcknowledged() throws Exception {
        PartitionGroup leader = leader();
        PartitionGroup follower = follower();
        List<CompletableFuture<byte[]>> writes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            writes.add(leader.submit(CommandCodec.encodeBatch(List.of(register("web-" + i)))));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        long committed = leader.lastAppliedIndex();

        follower.readBarrier().get(30, TimeUnit.SECONDS);

        assertThat(follower.lastAppliedIndex()).isGreaterThanOrEqualTo(committed);
        assertThat(follower.catalog().service(WEB).instances()).hasSize(50);
        assertThat(follower.peers()).containsExactlyInAnyOrderElementsOf(leader.peers());
    }

    @Test
    void aFollowerRefusesWritesAndKnowsItsLeader() {
        PartitionGroup leader = leader();
        PartitionGroup follower = follower();
        assertThat(follower.leaderId()).isEqualTo(nodes.get(nodes.get(0).replica(0) == leader ? 0 : 1).nodeId());
        assertThat(follower.isReadyLeader()).isFalse();
        assertThat(follower.term()).isEqualTo(leader.term());
        assertThat(follower.lastContactMillis()).isNotNegative();
        CompletableFuture<byte[]> refused = follower.submit(CommandCodec.encodeBatch(List.of(register("web-x"))));
        assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PartitionUnavailableException.class).hasMessageContaining("partition 0 ");
    }

    private static Register register(String id) {
        return new Register(new Instance(WEB, id, "10.0.0.1", 8080, List.of(), Map.of(), Instance.DEFAULT_WEIGHT));
    }
}
