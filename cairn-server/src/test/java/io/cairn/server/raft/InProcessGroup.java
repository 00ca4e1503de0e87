package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.core.catalog.ChangeListener;
import io.cairn.server.config.ConfigSource;
import io.cairn.server.config.DnsSettings;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.storage.DataDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Real {@link RaftNode}s in this JVM on ephemeral ports, one per directory, holding partition 0
 * (of one) as one group with them all as voters; started once it has a leader every replica knows.
 */
final class InProcessGroup implements AutoCloseable {

    private final List<RaftNode> nodes = new ArrayList<>();

    /** @param settings settings by their {@code cairn server} flag names, e.g. {@code election-timeout} */
    static InProcessGroup start(List<Path> dirs, Map<String, String> settings) throws IOException {
        InProcessGroup g = new InProcessGroup();
        try {
            for (Path dir : dirs) {
                ServerConfig config = ConfigSource.resolve(settings, Map.of(), null).withDns(DnsSettings.off())
                        .withDataDir(dir).withPorts(0, 0).withPartitions(1);
                RaftNode node = new RaftNode(config, DataDirectory.open(dir, 1, null, ServerConfig.DEFAULT_PARTITIONS),
                        p -> ChangeListener.NONE);
                g.nodes.add(node);
                node.start(false);
            }
            List<RaftPeer> peers = new ArrayList<>();
            for (RaftNode n : g.nodes) {
                peers.add(RaftPeer.newBuilder().setId(n.nodeId()).setAddress(n.raftAddress()).build());
            }
            RaftGroup group = RaftGroup.valueOf(RaftNode.groupId(0), peers);
            for (RaftNode n : g.nodes) {
                RaftClientReply reply = n.server().groupManagementAsync(GroupManagementRequest.newAdd(
                        ClientId.randomId(), RaftPeerId.valueOf(n.nodeId()), 1, group)).join();
                assertThat(reply.isSuccess()).as("%s", reply).isTrue();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> g.leaderNode() != null
                    && g.followers().size() == dirs.size() - 1
                    && g.followers().stream().allMatch(f -> f.leaderId() != null));
            return g;
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    List<RaftNode> nodes() {
        return nodes;
    }

    /** The node whose replica is the ready leader, or null. */
    RaftNode leaderNode() {
        for (RaftNode n : nodes) {
            PartitionGroup g = n.replica(0);
            if (g != null && g.isReadyLeader()) {
                return n;
            }
        }
        return null;
    }

    /** The ready leader's replica, or null. */
    PartitionGroup leader() {
        RaftNode n = leaderNode();
        return n == null ? null : n.replica(0);
    }

    /** The replicas that are not leading. */
    List<PartitionGroup> followers() {
        List<PartitionGroup> out = new ArrayList<>();
        for (RaftNode n : nodes) {
            PartitionGroup g = n.replica(0);
            if (g != null && g.role() != PartitionGroup.Role.LEADER) {
                out.add(g);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        for (RaftNode n : nodes) {
            n.close();
        }
    }
}
