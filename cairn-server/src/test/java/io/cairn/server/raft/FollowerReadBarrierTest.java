package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.core.catalog.ChangeListener;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.partition.PartitionUnavailableException;
import io.cairn.server.storage.DataDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
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

    private final List<RaftNode> nodes = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        for (Path dir : List.of(dirA, dirB)) {
            ServerConfig config = ServerConfig.defaults().withDataDir(dir).withPorts(0, 0).withPartitions(1);
            RaftNode node = new RaftNode(config, DataDirectory.open(dir, 1, null, ServerConfig.DEFAULT_PARTITIONS),
                    p -> ChangeListener.NONE);
            node.start(false);
            nodes.add(node);
        }
        List<RaftPeer> peers = new ArrayList<>();
        for (RaftNode n : nodes) {
            peers.add(RaftPeer.newBuilder().setId(n.nodeId()).setAddress(n.raftAddress()).build());
        }
        RaftGroup group = RaftGroup.valueOf(RaftNode.groupId(0), peers);
        for (RaftNode n : nodes) {
            RaftClientReply reply = n.server().groupManagementAsync(GroupManagementRequest.newAdd(ClientId.randomId(),
                    RaftPeerId.valueOf(n.nodeId()), 1, group)).join();
            assertThat(reply.isSuccess()).as("%s", reply).isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null && follower().leaderId() != null);
    }

    @AfterEach
    void stop() throws IOException {
        for (RaftNode n : nodes) {
            n.close();
        }
    }

    private PartitionGroup leader() {
        for (RaftNode n : nodes) {
            PartitionGroup g = n.replica(0);
            if (g != null && g.isReadyLeader()) {
                return g;
            }
        }
        return null;
    }

    private PartitionGroup follower() {
        for (RaftNode n : nodes) {
            PartitionGroup g = n.replica(0);
            if (g != null && g.role() != PartitionGroup.Role.LEADER) {
                return g;
            }
        }
        return null;
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
