package io.cairn.server.partition;

import io.cairn.core.catalog.PartitionCatalog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One partition's consensus group as this node holds it: the seam between routing and the
 * consensus library. {@code io.cairn.server.raft} implements it with Apache Ratis; tests use an
 * in-memory fake proven by the same contract suite. Nothing outside {@code raft} sees a Ratis type.
 *
 * <p>Threading: every method may be called from any thread. The queries ({@link #leaderId},
 * {@link #term}, {@link #isReadyLeader}, ...) read the replica's current state without waiting;
 * two queries in a row may see different states. {@link #submit} may block its caller briefly
 * while the entry is appended to the log, so it is called from a proposer thread, never from an
 * HTTP event loop. {@link #readBarrier} never blocks. The futures complete on the group's own
 * threads: callers move work elsewhere before doing anything slow.
 *
 * <p>Ownership: the group owns its {@link PartitionCatalog}; only the group's apply thread
 * writes it, in log order, and readers see immutable states (copy-on-write). Entries passed to
 * {@link #submit} belong to the group once passed; the bytes it returns belong to the caller.
 *
 * <p>Errors: every expected failure (this replica is not the leader, there is no leader or no
 * quorum, the group is closed or removed from this node, no answer in time) completes the
 * future with {@link PartitionUnavailableException} naming the partition; the caller answers
 * 503 and the client retries. A handle stays valid after its group is closed: its futures then
 * fail that way. An entry the state machine cannot decode stops the group (never skipped).
 */
public interface PartitionGroup {

    /** The replica's role in its group now. */
    enum Role {
        /** The replica is still starting (recovering its log): it has no role yet. */
        STARTING, LEADER, FOLLOWER, CANDIDATE, LISTENER
    }

    /**
     * The id of partition {@code p}'s group, the same on every node: the name-based UUID of
     * {@code "cairn-partition-" + p}. Part of the data format (it names the group's directory).
     */
    static UUID groupId(int partition) {
        return UUID.nameUUIDFromBytes(("cairn-partition-" + partition).getBytes(StandardCharsets.UTF_8));
    }

    /** The partition number, {@code 0 <= p < P}. */
    int partition();

    /**
     * Proposes an entry (a {@code CommandCodec.batch} of encoded commands). Completes with the
     * encoded results ({@code CommandCodec.encodeResults}, one per command in order) once the
     * entry is committed by a majority and applied on this replica, which must be the leader.
     * Fails with {@link PartitionUnavailableException} when it cannot be committed from here;
     * then the entry may or may not be applied later (a leader that lost its term may still see
     * it committed), which is safe because commands are idempotent.
     */
    CompletableFuture<byte[]> submit(byte[] entry);

    /**
     * On the leader, after an entry was answered and no further one follows at once: has the
     * followers learn now that it is committed, so that their replicas (and the watches and reads
     * they serve) apply it within milliseconds rather than with the next heartbeat. Best effort,
     * never blocks; a replica that is not the leader or has no followers does nothing.
     */
    default void announceCommit() {
    }

    /**
     * Completes once this replica has applied at least the entries the leader had committed
     * when the call was made, the leader having confirmed with a majority that it still leads
     * (Raft's read index). A read of {@link #catalog()} after it completes is linearizable: it
     * sees every write acknowledged before the call. Works on a follower too (it asks the leader
     * for the index). Costs a round trip to a quorum. Fails with
     * {@link PartitionUnavailableException} without a leader, without a quorum, or when closed.
     */
    CompletableFuture<Void> readBarrier();

    /** The node id of the leader this replica knows, or null when it knows none. */
    String leaderId();

    /** The replica's current Raft term (0 before any election). */
    long term();

    Role role();

    /**
     * True when this replica leads and has applied every entry of earlier terms: only then does
     * its catalog contain every acknowledged write, and only then may it serve default reads.
     */
    boolean isReadyLeader();

    /** The log index of the last entry applied to {@link #catalog()}. */
    long lastAppliedIndex();

    /**
     * Milliseconds since this replica last heard from its leader: 0 on the leader, -1 when it
     * knows no leader.
     */
    long lastContactMillis();

    /**
     * On the leader: how many log entries its slowest follower lacks (the leader's applied index
     * minus the lowest follower match index, at least 0); 0 on a follower or a single replica.
     */
    default long followerLag() {
        return 0;
    }

    /** The partition's catalog as this replica has applied it (read only; see the class comment). */
    PartitionCatalog catalog();

    /** The node ids of the voters of the group's configuration as this replica knows it. */
    List<String> peers();
}
