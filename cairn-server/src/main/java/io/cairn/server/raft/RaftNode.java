package io.cairn.server.raft;

import io.cairn.core.catalog.ChangeListener;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.storage.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's Ratis server and the partition groups it hosts.
 *
 * <p>One {@link RaftServer} hosts every group ("multi-raft"): partition {@code p} is the group
 * whose id is the name-based UUID of {@code "cairn-partition-" + p}, the same on every node.
 * On first start the groups are created with this node as their only peer; on a restart
 * Ratis recovers them from the data directory.
 */
public final class RaftNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    private final ServerConfig config;
    private final DataDirectory dataDirectory;
    private final IntFunction<ChangeListener> listeners;
    private final ConcurrentHashMap<RaftGroupId, CatalogStateMachine> machines = new ConcurrentHashMap<>();
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private RaftServer server;
    private RaftPeer self;
    private int raftPort;

    /** @param listeners the change listener of each partition, by partition number */
    public RaftNode(ServerConfig config, DataDirectory dataDirectory, IntFunction<ChangeListener> listeners) {
        this.listeners = listeners;
        this.config = config;
        this.dataDirectory = dataDirectory;
    }

    /** Group ids by partition, computed once: the name-based UUID costs an MD5 per call. */
    private static final RaftGroupId[] GROUP_IDS = new RaftGroupId[ServerConfig.MAX_PARTITIONS];

    static {
        for (int p = 0; p < GROUP_IDS.length; p++) {
            GROUP_IDS[p] = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
                    ("cairn-partition-" + p).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The Raft group of a partition: the same on every node, derived from its number. */
    public static RaftGroupId groupId(int partition) {
        return GROUP_IDS[partition];
    }

    /** Starts the Ratis server and makes sure every partition group exists on this node. */
    public void start() throws IOException {
        raftPort = config.raftPort() != 0 ? config.raftPort() : freePort(config.bind());
        RaftProperties properties = RatisSettings.build(config, dataDirectory.raftDir(), raftPort);
        RaftPeerId peerId = RaftPeerId.valueOf(dataDirectory.nodeId());
        self = RaftPeer.newBuilder().setId(peerId).setAddress(config.bind() + ":" + raftPort).build();
        server = RaftServer.newBuilder()
                .setServerId(peerId)
                .setProperties(properties)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .setStateMachineRegistry(this::newStateMachine)
                .build();
        server.start();
        Set<RaftGroupId> present = new HashSet<>();
        server.getGroupIds().forEach(present::add);
        List<CompletableFuture<RaftClientReply>> adds = new ArrayList<>();
        for (int p = 0; p < dataDirectory.partitions(); p++) {
            RaftGroupId gid = groupId(p);
            if (!present.contains(gid)) {
                RaftGroup group = RaftGroup.valueOf(gid, self);
                adds.add(server.groupManagementAsync(
                        GroupManagementRequest.newAdd(clientId, peerId, callIds.incrementAndGet(), group)));
            }
        }
        for (CompletableFuture<RaftClientReply> add : adds) {
            RaftClientReply reply = add.join();
            if (!reply.isSuccess()) {
                throw new IOException("could not create a partition group: " + reply.getException());
            }
        }
        LOG.info("event=raft-started node={} port={} partitions={} created={}", peerId, raftPort,
                dataDirectory.partitions(), adds.size());
    }

    private CatalogStateMachine newStateMachine(RaftGroupId gid) {
        for (int p = 0; p < dataDirectory.partitions(); p++) {
            if (groupId(p).equals(gid)) {
                CatalogStateMachine machine = new CatalogStateMachine(p, listeners.apply(p));
                machines.put(gid, machine);
                return machine;
            }
        }
        throw new IllegalStateException("group " + gid + " is not a partition of this data directory");
    }

    /** The state machine of a partition, or null before its group has started. */
    public CatalogStateMachine stateMachine(int partition) {
        return machines.get(groupId(partition));
    }

    /** This node's view of a partition's group, or null before it has started. */
    public RaftServer.Division division(int partition) {
        try {
            return server.getDivision(groupId(partition));
        } catch (IOException e) {
            return null;
        }
    }

    public String nodeId() {
        return dataDirectory.nodeId();
    }

    public int raftPort() {
        return raftPort;
    }

    /**
     * Proposes an entry to a partition's group through this node's server (no network hop).
     * The future completes once the entry is committed and applied, with the reply carrying
     * either the state machine's answer or the Ratis exception (not leader, not ready, ...).
     */
    public CompletableFuture<RaftClientReply> submit(int partition, byte[] entry) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(self.getId())
                .setGroupId(groupId(partition))
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(ByteString.copyFrom(entry)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            // The division itself takes the request on the calling thread (a proposer of Cairn's,
            // never an event loop). Through the server, Ratis would hand it to its client thread
            // pool and block the caller until that thread had appended it: two more thread
            // switches per entry and a thread busy doing nothing.
            if (division(partition) instanceof RaftClientAsynchronousProtocol direct) {
                return direct.submitClientRequestAsync(request);
            }
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
