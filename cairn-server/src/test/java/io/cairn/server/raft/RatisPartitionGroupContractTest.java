package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.core.catalog.ChangeListener;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.partition.PartitionGroupContract;
import io.cairn.server.storage.DataDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on the real thing: a single-node {@link RaftNode} on a temporary directory and an
 * ephemeral port. Partition 0 is a group of this node alone (it elects itself); partition 1 is a
 * group of this node and a peer that never answers, so nobody can win its election.
 */
class RatisPartitionGroupContractTest extends PartitionGroupContract {

    @TempDir
    Path dir;

    private RaftNode node;

    @BeforeEach
    void start() throws IOException {
        ServerConfig config = ServerConfig.defaults().withDataDir(dir).withPorts(0, 0).withPartitions(2);
        DataDirectory data = DataDirectory.open(dir, 2, null, ServerConfig.DEFAULT_PARTITIONS);
        node = new RaftNode(config, data, p -> ChangeListener.NONE);
        node.start(false);
        RaftPeer self = RaftPeer.newBuilder().setId(node.nodeId()).setAddress(node.raftAddress()).build();
        RaftPeer ghost = RaftPeer.newBuilder().setId("node-ghost").setAddress("127.0.0.1:1").build();
        create(RaftGroup.valueOf(RaftNode.groupId(0), self));
        create(RaftGroup.valueOf(RaftNode.groupId(1), self, ghost));
        await().atMost(Duration.ofSeconds(30)).until(() -> node.replica(0) != null && node.replica(0).isReadyLeader());
    }

    private void create(RaftGroup group) throws IOException {
        RaftClientReply reply = node.server().groupManagementAsync(GroupManagementRequest.newAdd(ClientId.randomId(),
                RaftPeerId.valueOf(node.nodeId()), 1, group)).join();
        if (!reply.isSuccess()) {
            throw new IOException("could not create " + group + ": " + reply.getException());
        }
    }

    @AfterEach
    void stop() throws IOException {
        node.close();
    }

    /** The read barrier is Raft's read index only when Ratis runs its linearizable read path. */
    @Test
    void readsAreLinearizable() {
        assertThat(RaftServerConfigKeys.Read.option(node.server().getProperties()))
                .isEqualTo(RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        assertThat(RaftServerConfigKeys.Read.leaderLeaseEnabled(node.server().getProperties())).isFalse();
    }

    @Override
    protected PartitionGroup leader() {
        return node.replica(0);
    }

    @Override
    protected String nodeId() {
        return node.nodeId();
    }

    @Override
    protected PartitionGroup leaderless() {
        await().atMost(Duration.ofSeconds(10)).until(() -> node.replica(1) != null);
        return node.replica(1);
    }

    @Override
    protected void closeLeader() throws IOException {
        node.close();
    }
}
