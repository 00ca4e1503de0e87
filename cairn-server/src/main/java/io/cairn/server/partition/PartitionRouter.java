package io.cairn.server.partition;

import io.cairn.api.PartitionStatus;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.server.raft.CatalogStateMachine;
import io.cairn.server.raft.RaftNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * Sends each request to the partition that owns its service.
 *
 * <p>With one node every partition is local. Reads are served from the local replica only when
 * it leads the partition and is "leader ready" (it has applied every entry of earlier terms);
 * otherwise the caller gets {@link PartitionUnavailableException}. Forwarding to a leader on
 * another node belongs to the cluster work, and will live here.
 */
public final class PartitionRouter {

    private final RaftNode raft;
    private final Partitioner partitioner;
    private final Duration writeTimeout;
    private final PartitionWriter[] writers;

    /**
     * An entry in flight longer than this stops holding one of the node's write slots (a group
     * without quorum or a stalled disk must not hold up the other partitions).
     */
    static final Duration STUCK_ENTRY = Duration.ofMillis(100);

    /**
     * @param proposer threads that hand entries to Ratis (see {@link PartitionWriter})
     * @param writeSlots entries the node's partitions may have in flight at once (see {@link EntrySlots})
     */
    public PartitionRouter(RaftNode raft, Partitioner partitioner, Duration writeTimeout, Executor proposer,
            int writeSlots) {
        this.raft = raft;
        this.partitioner = partitioner;
        this.writeTimeout = writeTimeout;
        this.writers = new PartitionWriter[partitioner.partitions()];
        EntrySlots slots = new EntrySlots(writeSlots, STUCK_ENTRY.toNanos(), System::nanoTime, proposer);
        for (int p = 0; p < writers.length; p++) {
            writers[p] = new PartitionWriter(p, raft, proposer, slots);
        }
    }

    public int partitions() {
        return partitioner.partitions();
    }

    public int partitionOf(ServiceKey key) {
        return partitioner.partitionOf(key);
    }

    /**
     * Proposes a command; completes with its result once committed and applied, or with
     * {@link PartitionUnavailableException} (no leader, or no answer within the write timeout).
     */
    public CompletableFuture<CommandResult> submit(Command command) {
        int p = partitionOf(command.key());
        try {
            requireLeader(p);
        } catch (PartitionUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writers[p].submit(CommandCodec.encode(command))
                .orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        e instanceof PartitionUnavailableException ? e
                                : new PartitionUnavailableException(p, "no answer within " + writeTimeout.toMillis()
                                        + " ms; the write may or may not have been applied")));
    }

    /** The service's current state (null if it never existed), from the partition leader. */
    public ServiceState read(ServiceKey key) {
        return catalog(partitionOf(key)).service(key);
    }

    /**
     * The service's state from this node's replica of its partition, whatever its role (for
     * watches and {@code ?stale} reads); null if it never existed.
     *
     * @throws PartitionUnavailableException when this node holds no replica of the partition
     */
    public ServiceState readLocal(ServiceKey key) {
        int p = partitionOf(key);
        CatalogStateMachine sm = raft.stateMachine(p);
        if (sm == null) {
            throw new PartitionUnavailableException(p, "this node holds no replica of it");
        }
        return sm.catalog().service(key);
    }

    /** Milliseconds since this node's replica of the partition heard from its leader (0 on the leader). */
    public long lastContactMillis(int partition) {
        return raft.lastContactMillis(partition);
    }

    /** True when this node holds a replica of the partition (leader or not). */
    public boolean holds(int partition) {
        return raft.division(partition) != null;
    }

    /**
     * Every partition's catalog for a listing: the local leader's where this node leads, else
     * the local follower's when its group has a leader (a follower trails it by the replication
     * delay). With one node, every catalog is the leader's.
     *
     * @throws PartitionUnavailableException when a partition has no replica here, or no leader
     */
    public List<PartitionCatalog> allCatalogs() {
        List<PartitionCatalog> all = new ArrayList<>(partitions());
        for (int p = 0; p < partitions(); p++) {
            all.add(catalogForListing(p));
        }
        return all;
    }

    /**
     * One partition's catalog for a listing: the local leader's, or the local follower's when its
     * group has a leader.
     *
     * @throws PartitionUnavailableException when this node holds no replica of it, or it has no leader
     */
    public PartitionCatalog catalogForListing(int p) {
        RaftServer.Division d = raft.division(p);
        if (d != null && !d.getInfo().isLeader() && d.getInfo().getLeaderId() != null) {
            return raft.stateMachine(p).catalog();
        }
        return catalog(p);
    }

    /** True when this node holds a replica of every partition (always on a single node). */
    public boolean holdsAll() {
        for (int p = 0; p < partitions(); p++) {
            if (!holds(p)) {
                return false;
            }
        }
        return true;
    }

    private PartitionCatalog catalog(int partition) {
        requireLeader(partition);
        return raft.stateMachine(partition).catalog();
    }

    /**
     * The Raft term in which this node leads {@code partition} and is ready to serve it, or -1
     * when it does not (yet). A change of term means leadership was lost and won again.
     */
    public long leaderTerm(int partition) {
        RaftServer.Division division = raft.division(partition);
        if (division == null) {
            return -1;
        }
        DivisionInfo info = division.getInfo();
        return info.isLeaderReady() ? info.getCurrentTerm() : -1;
    }

    /** The partition's catalog when this node leads it and is ready, else null. */
    public PartitionCatalog catalogIfLeader(int partition) {
        return leaderTerm(partition) < 0 ? null : raft.stateMachine(partition).catalog();
    }

    /** Throws {@link PartitionUnavailableException} unless this node can serve the service now. */
    public void requireLeader(ServiceKey key) {
        requireLeader(partitionOf(key));
    }

    private void requireLeader(int partition) {
        RaftServer.Division division = raft.division(partition);
        if (division == null) {
            throw new PartitionUnavailableException(partition, "this node holds no replica of it");
        }
        DivisionInfo info = division.getInfo();
        if (!info.isLeaderReady()) {
            throw new PartitionUnavailableException(partition,
                    info.isLeader() ? "its leader is catching up" : "it has no leader on this node yet");
        }
    }

    /** True when every partition has a ready leader here: the node can serve everything. */
    public boolean allReady() {
        for (int p = 0; p < partitions(); p++) {
            RaftServer.Division d = raft.division(p);
            if (d == null || !d.getInfo().isLeaderReady()) {
                return false;
            }
        }
        return true;
    }

    public List<PartitionStatus> status() {
        List<PartitionStatus> out = new ArrayList<>(partitions());
        for (int p = 0; p < partitions(); p++) {
            RaftServer.Division d = raft.division(p);
            CatalogStateMachine sm = raft.stateMachine(p);
            if (d == null || sm == null) {
                out.add(new PartitionStatus(p, RaftNode.groupId(p).getUuid().toString(), raft.leaderOf(p), "NONE", 0, 0,
                        0, 0));
                continue;
            }
            DivisionInfo info = d.getInfo();
            PartitionCatalog c = sm.catalog();
            int services = 0;
            for (ServiceState s : c.services()) {
                if (!s.isEmpty()) {
                    services++;
                }
            }
            out.add(new PartitionStatus(p, RaftNode.groupId(p).getUuid().toString(),
                    info.getLeaderId() == null ? null : info.getLeaderId().toString(),
                    info.getCurrentRole().name(), c.revision(), info.getLastAppliedIndex(), services,
                    c.instanceCount()));
        }
        return out;
    }
}
