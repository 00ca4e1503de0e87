package io.cairn.server.raft;

import io.cairn.core.catalog.ChangeListener;
import io.cairn.api.tls.TlsSource;
import io.cairn.server.config.ServerConfig;
import org.apache.ratis.conf.Parameters;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.partition.PartitionGroups;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
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
 *
 * <p>It is the Ratis side of the consensus seam: {@link #replica} hands out each partition's
 * group as a {@link PartitionGroup}, so routing, health, HTTP and the cluster code never see a
 * Ratis type. Its other public methods (metadata group, addresses) take and return Cairn types.
 *
 * <p>One class past 400 lines because it owns the Ratis server and this node's identity in it
 * (its peer, client id and call ids), which forming groups, handing out partition handles and
 * proposing to the metadata group all use; split, each part would need them. What only reads a
 * replica's state lives beside it ({@link ReplicaReport}).
 */
public final class RaftNode implements AutoCloseable, PartitionGroups {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    private final ServerConfig config;
    private final DataDirectory dataDirectory;
    private final IntFunction<ChangeListener> listeners;
    private final MetaStateMachine meta;
    private final java.util.concurrent.atomic.LongAdder leaderChanges = new java.util.concurrent.atomic.LongAdder();

    /** Leader changes this node's partition replicas have heard of since it started. */
    public long leaderChanges() {
        return leaderChanges.sum();
    }
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    /** The last handle made for each partition; replaced when Ratis holds a new division. */
    private final AtomicReferenceArray<RatisPartitionGroup> handles;
    private RaftServer server;
    /** Ratis's non-property settings: the gRPC TLS configuration, when TLS is on, and {@link #commitNotices}. */
    private final Parameters parameters;
    /** Tells followers of a commit when a partition's writes pause (see {@link CommitNotices}). */
    private final CommitNotices commitNotices = new CommitNotices();
    private RaftPeer self;
    private int raftPort;

    /** @param listeners the change listener of each partition, by partition number */
    public RaftNode(ServerConfig config, DataDirectory dataDirectory, IntFunction<ChangeListener> listeners) {
        this(config, dataDirectory, listeners, null);
    }

    /**
     * @param listeners the change listener of each partition, by partition number
     * @param tls the node's TLS material, or null for plain gRPC; when given, Raft traffic and
     *     group administration use mutual TLS (see {@link RaftTls})
     */
    public RaftNode(ServerConfig config, DataDirectory dataDirectory, IntFunction<ChangeListener> listeners,
            TlsSource tls) {
        this.parameters = RaftTls.parameters(tls);
        commitNotices.installIn(parameters);
        this.listeners = listeners;
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.meta = new MetaStateMachine(dataDirectory.partitions(), config.cluster().replication());
        this.handles = new AtomicReferenceArray<>(dataDirectory.partitions());
    }

    /** Group ids by partition, computed once: the name-based UUID costs an MD5 per call. */
    private static final RaftGroupId[] GROUP_IDS = new RaftGroupId[ServerConfig.MAX_PARTITIONS];

    static {
        for (int p = 0; p < GROUP_IDS.length; p++) {
            GROUP_IDS[p] = RaftGroupId.valueOf(PartitionGroup.groupId(p));
        }
    }

    /** The metadata group: members, placement and epoch (see {@link MetaStateMachine}). */
    public static final RaftGroupId META_GROUP = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
            "cairn-meta".getBytes(StandardCharsets.UTF_8)));

    /** The Raft group of a partition: the same on every node, derived from its number. */
    public static RaftGroupId groupId(int partition) {
        return GROUP_IDS[partition];
    }

    /**
     * Starts the Ratis server with the groups its storage holds.
     *
     * @param formAlone create every group that is missing with this node as its only peer: a
     *     single node, the first node of a cluster, or a node of a data directory from before
     *     clusters (its partition groups exist, the metadata group not yet). A node that joins
     *     others creates nothing: its replicas are added by the cluster's controller.
     */
    public void start(boolean formAlone) throws IOException {
        startServer();
        if (formAlone) {
            formAlone();
        }
    }

    /** True when this node's storage holds no group at all: it never was part of a cluster. */
    public boolean isEmpty() {
        return !server.getGroupIds().iterator().hasNext();
    }

    /** Starts the Ratis server with the groups its storage holds, creating none. */
    private void startServer() throws IOException {
        raftPort = config.raftPort() != 0 ? config.raftPort() : freePort(config.bind());
        RaftProperties properties = RatisSettings.build(config, dataDirectory.raftDir(), raftPort);
        RaftPeerId peerId = RaftPeerId.valueOf(dataDirectory.nodeId());
        self = RaftPeer.newBuilder().setId(peerId).setAddress(config.advertisedHost() + ":" + raftPort).build();
        server = RaftServer.newBuilder()
                .setServerId(peerId)
                .setProperties(properties)
                .setParameters(parameters)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .setStateMachineRegistry(this::newStateMachine)
                .build();
        server.start();
    }

    /**
     * Creates every group this node lacks with this node as the only peer: the metadata group
     * and all partitions. For a single node, the first node of a new cluster, or a data
     * directory from before clusters (partition groups present, metadata group not yet).
     */
    public void formAlone() throws IOException {
        RaftPeerId peerId = self.getId();
        Set<RaftGroupId> present = new HashSet<>();
        server.getGroupIds().forEach(present::add);
        List<CompletableFuture<RaftClientReply>> adds = new ArrayList<>();
        List<RaftGroupId> wanted = new ArrayList<>();
        wanted.add(META_GROUP);
        for (int p = 0; p < dataDirectory.partitions(); p++) {
            wanted.add(groupId(p));
        }
        for (RaftGroupId gid : wanted) {
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
        LOG.info("event=raft-formed node={} port={} partitions={} created={}", peerId, raftPort,
                dataDirectory.partitions(), adds.size());
    }

    private org.apache.ratis.statemachine.StateMachine newStateMachine(RaftGroupId gid) {
        if (META_GROUP.equals(gid)) {
            return meta;
        }
        for (int p = 0; p < dataDirectory.partitions(); p++) {
            if (groupId(p).equals(gid)) {
                return new CatalogStateMachine(p, listeners.apply(p), leaderChanges);
            }
        }
        throw new IllegalStateException("group " + gid + " is not a partition of this data directory");
    }

    /** Changes group membership on any node, with this node's TLS (when on). */
    public GroupAdmin groupAdmin() {
        return new GroupAdmin(parameters);
    }

    /** The cluster metadata as this node's replica of the metadata group has it (empty without one). */
    public MetaStateMachine meta() {
        return meta;
    }

    /** This node's replica of the metadata group, or null when it holds none. */
    RaftServer.Division metaDivision() {
        return divisionOf(META_GROUP);
    }

    /** True when this node holds a replica of the metadata group. */
    public boolean holdsMeta() {
        return metaDivision() != null;
    }

    /** This node's advertised Raft address, {@code host:port}. */
    public String raftAddress() {
        return self.getAddress();
    }

    /** The Ratis server, for the group administration of {@link GroupAdmin}. */
    RaftServer server() {
        return server;
    }

    /** The partitions this node holds a replica of now. */
    public Set<Integer> localPartitions() {
        Set<Integer> out = new java.util.TreeSet<>();
        for (int p = 0; p < dataDirectory.partitions(); p++) {
            if (division(p) != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The partition of a group id, or -1 for the metadata group or an unknown group. */
    int partitionOf(RaftGroupId gid) {
        for (int p = 0; p < dataDirectory.partitions(); p++) {
            if (GROUP_IDS[p].equals(gid)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * This node's replica of a partition, or null when it holds none. The handle is made once
     * per division, so the lookup costs what Ratis's own lookup costs.
     */
    @Override
    public PartitionGroup replica(int partition) {
        RaftServer.Division d = division(partition);
        if (d == null) {
            return null;
        }
        RatisPartitionGroup handle = handles.get(partition);
        if (handle == null || handle.division() != d) {
            handle = new RatisPartitionGroup(partition, d, server, clientId, self.getId(), callIds::incrementAndGet,
                    commitNotices);
            handles.set(partition, handle);
        }
        return handle;
    }

    /** This node's view of a partition's group, or null before it has started. */
    RaftServer.Division division(int partition) {
        return divisionOf(groupId(partition));
    }

    private RaftServer.Division divisionOf(RaftGroupId gid) {
        if (server == null) {
            return null;
        }
        try {
            return server.getDivision(gid);
        } catch (IOException e) {
            return null; // not hosted here (GroupMismatchException) or closed
        }
    }

    public String nodeId() {
        return dataDirectory.nodeId();
    }

    public int raftPort() {
        return raftPort;
    }

    /**
     * Proposes a cluster command to the metadata group through this node's own replica, which
     * must lead it (no network hop, and no dependence on the addresses in the group's
     * configuration). Completes with the refusal, or an empty string once applied.
     */
    public CompletableFuture<String> submitMetaLocally(io.cairn.core.cluster.ClusterCommand command) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(self.getId())
                .setGroupId(META_GROUP)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(ByteString.copyFrom(io.cairn.core.cluster.ClusterCodec.encode(command))))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request).thenApply(reply -> {
                if (!reply.isSuccess()) {
                    throw new GroupAdminException("the cluster metadata did not take " + command + ": "
                            + reply.getException());
                }
                return MetaStateMachine.refusal(reply.getMessage());
            });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * True while this node's Raft storage still holds a partition group's folder (a removed
     * replica's folder is deleted just after Ratis forgets the group).
     */
    public boolean storesPartitions() {
        java.io.File[] folders = dataDirectory.raftDir().toFile().listFiles();
        if (folders == null) {
            return false;
        }
        for (java.io.File f : folders) {
            for (int p = 0; p < dataDirectory.partitions(); p++) {
                if (f.getName().equals(GROUP_IDS[p].getUuid().toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The leader of a partition as this node's replica knows it, or null (no replica, or no leader). */
    public String leaderOf(int partition) {
        RaftServer.Division d = division(partition);
        if (d == null) {
            return null;
        }
        RaftPeerId leader = d.getInfo().getLeaderId();
        return leader == null ? null : leader.toString();
    }

    /** The metadata group's leader as this node's replica knows it, or null. */
    public String metaLeader() {
        RaftServer.Division d = metaDivision();
        RaftPeerId leader = d == null ? null : d.getInfo().getLeaderId();
        return leader == null ? null : leader.toString();
    }

    /** True when this node leads the metadata group and has applied every earlier entry. */
    public boolean leadsMeta() {
        RaftServer.Division d = metaDivision();
        return d != null && d.getInfo().isLeaderReady();
    }

    /** The voters of the metadata group as this node's replica knows them (empty without one). */
    public List<GroupAdmin.Peer> metaPeers() {
        return ReplicaReport.peers(metaDivision());
    }

    /** The voters of a partition's group as this node's replica knows them (empty without one). */
    public List<GroupAdmin.Peer> peers(int partition) {
        return ReplicaReport.peers(division(partition));
    }

    /** Every group replica this node holds, as {@code GET /v1/cluster/local} reports them. */
    public List<io.cairn.api.LocalGroup> localGroups() {
        List<io.cairn.api.LocalGroup> out = new ArrayList<>();
        RaftServer.Division m = metaDivision();
        if (m != null) {
            out.add(ReplicaReport.of(-1, m));
        }
        for (int p = 0; p < dataDirectory.partitions(); p++) {
            RaftServer.Division d = division(p);
            if (d != null) {
                out.add(ReplicaReport.of(p, d));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        commitNotices.close();
        if (server != null) {
            server.close();
        }
    }

    /** Heartbeats sent to tell followers of a commit sooner than Ratis would have. */
    public long commitNoticesSent() {
        return commitNotices.sent();
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
