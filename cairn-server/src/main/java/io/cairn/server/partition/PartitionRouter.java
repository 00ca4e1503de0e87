package io.cairn.server.partition;

import io.cairn.api.PartitionStatus;
import io.cairn.api.time.Ticker;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Sends each request to the partition that owns its service.
 *
 * <p>It sees consensus only through {@link PartitionGroups} and {@link PartitionGroup}, looked up
 * on every call (replicas move). Default reads are served from the local replica only when it
 * leads the partition and is "leader ready" (it has applied every entry of earlier terms);
 * otherwise the caller gets {@link PartitionUnavailableException} (the cluster's forwarder sends
 * such requests to the leader before they get here). Local reads ({@code ?stale}, watches) take
 * any local replica; consistent reads pass {@link #readBarrier} first, then read locally.
 */
public final class PartitionRouter {

    private final PartitionGroups groups;
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
     * @param writeSlots entries the node's single-replica partitions may have in flight at once (see {@link EntrySlots})
     * @param replicatedWriteSlots the same for partitions with followers
     */
    public PartitionRouter(PartitionGroups groups, Partitioner partitioner, Duration writeTimeout, Executor proposer,
            int writeSlots, int replicatedWriteSlots, Ticker ticker) {
        this.groups = groups;
        this.partitioner = partitioner;
        this.writeTimeout = writeTimeout;
        this.writers = new PartitionWriter[partitioner.partitions()];
        EntrySlots slots = new EntrySlots(writeSlots, STUCK_ENTRY.toNanos(), ticker, proposer);
        EntrySlots replicatedSlots = new EntrySlots(replicatedWriteSlots, STUCK_ENTRY.toNanos(), ticker, proposer);
        for (int p = 0; p < writers.length; p++) {
            writers[p] = new PartitionWriter(p, groups, proposer, slots, replicatedSlots);
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
                        unwrap(e) instanceof PartitionUnavailableException u ? u
                                : new PartitionUnavailableException(p, "no answer within " + writeTimeout.toMillis()
                                        + " ms; the write may or may not have been applied")));
    }

    /** The service's current state (null if it never existed), from the partition leader. */
    public ServiceState read(ServiceKey key) {
        return catalog(partitionOf(key)).service(key);
    }

    /**
     * The service's state from this node's replica of its partition, whatever its role (for
     * watches, {@code ?stale} reads, and {@code ?consistent} reads after {@link #readBarrier});
     * null if it never existed.
     *
     * @throws PartitionUnavailableException when this node holds no replica of the partition
     */
    public ServiceState readLocal(ServiceKey key) {
        return held(partitionOf(key)).catalog().service(key);
    }

    /**
     * Completes once this node's replica of the partition has applied everything its leader had
     * committed when called (see {@link PartitionGroup#readBarrier}): a {@link #readLocal} after
     * it is linearizable. Fails with {@link PartitionUnavailableException} when the node holds no
     * replica, the group has no leader or quorum, or no answer comes within the write timeout.
     * Never blocks; completes on a consensus thread.
     */
    public CompletableFuture<Void> readBarrier(int partition) {
        PartitionGroup group = groups.replica(partition);
        if (group == null) {
            return CompletableFuture.failedFuture(new PartitionUnavailableException(partition,
                    "this node holds no replica of it"));
        }
        return group.readBarrier()
                .orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        unwrap(e) instanceof PartitionUnavailableException u ? u
                                : new PartitionUnavailableException(partition, "no read index within "
                                        + writeTimeout.toMillis() + " ms")));
    }

    /** {@link #readBarrier} on every partition at once; completes when all have passed theirs. */
    public CompletableFuture<Void> readBarrierAll() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[partitions()];
        for (int p = 0; p < all.length; p++) {
            all[p] = readBarrier(p);
        }
        return CompletableFuture.allOf(all);
    }

    /**
     * The last log index this node's replica of the partition applied, when this node is its
     * ready leader (so it covers every write acknowledged so far); -1 otherwise.
     */
    public long appliedIfLeader(int partition) {
        PartitionGroup group = groups.replica(partition);
        return group != null && group.isReadyLeader() ? group.lastAppliedIndex() : -1;
    }

    /** The last log index this node's replica of the partition applied, whatever its role; -1 without a replica. */
    public long appliedIndex(int partition) {
        PartitionGroup group = groups.replica(partition);
        return group == null ? -1 : group.lastAppliedIndex();
    }

    /** Milliseconds since this node's replica of the partition heard from its leader (0 on the leader, -1 without one). */
    public long lastContactMillis(int partition) {
        PartitionGroup group = groups.replica(partition);
        return group == null ? -1 : group.lastContactMillis();
    }

    /** True when this node holds a replica of the partition (leader or not). */
    public boolean holds(int partition) {
        return groups.replica(partition) != null;
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
        PartitionGroup group = groups.replica(p);
        if (group != null && group.role() != PartitionGroup.Role.LEADER && group.leaderId() != null) {
            return group.catalog();
        }
        return catalog(p);
    }

    /** Log entries the slowest followers lack, summed over the partitions this node leads. */
    public long followerLag() {
        long lag = 0;
        for (int p = 0; p < partitions(); p++) {
            PartitionGroup group = groups.replica(p);
            if (group != null) {
                lag += group.followerLag();
            }
        }
        return lag;
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

    /**
     * Every partition's catalog from this node's replicas, whatever their roles (for a listing
     * after {@link #readBarrierAll}).
     *
     * @throws PartitionUnavailableException when a partition has no replica here
     */
    public List<PartitionCatalog> localCatalogs() {
        List<PartitionCatalog> all = new ArrayList<>(partitions());
        for (int p = 0; p < partitions(); p++) {
            all.add(held(p).catalog());
        }
        return all;
    }

    private PartitionCatalog catalog(int partition) {
        return requireLeader(partition).catalog();
    }

    private PartitionGroup held(int partition) {
        PartitionGroup group = groups.replica(partition);
        if (group == null) {
            throw PartitionUnavailableException.leaderElsewhere(partition, "this node holds no replica of it");
        }
        return group;
    }

    /**
     * The Raft term in which this node leads {@code partition} and is ready to serve it, or -1
     * when it does not (yet). A change of term means leadership was lost and won again.
     */
    public long leaderTerm(int partition) {
        PartitionGroup group = groups.replica(partition);
        return group != null && group.isReadyLeader() ? group.term() : -1;
    }

    /** The partition's catalog when this node leads it and is ready, else null. */
    public PartitionCatalog catalogIfLeader(int partition) {
        PartitionGroup group = groups.replica(partition);
        return group != null && group.isReadyLeader() ? group.catalog() : null;
    }

    /** Throws {@link PartitionUnavailableException} unless this node can serve the service now. */
    public void requireLeader(ServiceKey key) {
        requireLeader(partitionOf(key));
    }

    private PartitionGroup requireLeader(int partition) {
        PartitionGroup group = held(partition);
        if (!group.isReadyLeader()) {
            throw PartitionUnavailableException.leaderElsewhere(partition, group.role() == PartitionGroup.Role.LEADER
                    ? "its leader is catching up" : "it has no leader on this node yet");
        }
        return group;
    }

    /** True when every partition has a ready leader here: the node can serve everything. */
    public boolean allReady() {
        for (int p = 0; p < partitions(); p++) {
            PartitionGroup group = groups.replica(p);
            if (group == null || !group.isReadyLeader()) {
                return false;
            }
        }
        return true;
    }

    public List<PartitionStatus> status() {
        List<PartitionStatus> out = new ArrayList<>(partitions());
        for (int p = 0; p < partitions(); p++) {
            PartitionGroup group = groups.replica(p);
            String groupId = PartitionGroup.groupId(p).toString();
            if (group == null) {
                out.add(new PartitionStatus(p, groupId, null, "NONE", 0L, 0L, 0, 0));
                continue;
            }
            PartitionCatalog c = group.catalog();
            int services = 0;
            for (ServiceState s : c.services()) {
                if (!s.isEmpty()) {
                    services++;
                }
            }
            out.add(new PartitionStatus(p, groupId, group.leaderId(), group.role().name(), c.revision(),
                    group.lastAppliedIndex(), services, c.instanceCount()));
        }
        return out;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
