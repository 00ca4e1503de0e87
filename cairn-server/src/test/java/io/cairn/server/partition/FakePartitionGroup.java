package io.cairn.server.partition;

import io.cairn.core.catalog.ChangeListener;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory {@link PartitionGroup}: one replica with no log, no disk and no threads. An entry
 * is applied through the real {@link PartitionCatalog} on the thread that submits it (or on the
 * thread that calls {@link #release}, while entries are {@linkplain #hold held}), one at a time
 * in submission order, so a test is deterministic and takes microseconds. Proven against the
 * same contract as the Ratis implementation ({@link PartitionGroupContract}).
 *
 * <p>It starts as the ready leader, alone in its group, in term 1. Switches put it in the states
 * a real replica passes through: {@link #leadElsewhere} (a follower: writes refused),
 * {@link #loseLeader} (no leader: writes and read barriers refused), {@link #catchUp} (a leader
 * that is not ready yet), {@link #fail} (every call refused, as without a quorum), {@link #close}.
 * A follower here has no leader to copy from: its catalog is whatever was applied while it led.
 *
 * <p>Threading: any thread; every method is synchronized on this object, which is what makes
 * the apply single-threaded. Futures of held entries complete on the releasing thread.
 */
public final class FakePartitionGroup implements PartitionGroup {

    private record Held(byte[] entry, CompletableFuture<byte[]> reply) {
    }

    private final int partition;
    private final String nodeId;
    private final PartitionCatalog catalog;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final List<byte[]> applied = new ArrayList<>();
    private String leaderId;
    private Role role = Role.LEADER;
    private boolean ready = true;
    private long term = 1;
    private long lastContact;
    private String failure;
    private boolean closed;
    private boolean holding;
    private List<String> peers;
    private int announcements;

    public FakePartitionGroup(int partition, String nodeId, ChangeListener listener) {
        this.partition = partition;
        this.nodeId = nodeId;
        this.catalog = new PartitionCatalog(listener);
        this.leaderId = nodeId;
        this.peers = List.of(nodeId);
    }

    public FakePartitionGroup(int partition, String nodeId) {
        this(partition, nodeId, ChangeListener.NONE);
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public synchronized CompletableFuture<byte[]> submit(byte[] entry) {
        PartitionUnavailableException refusal = refusal(true);
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        if (holding) {
            held.add(new Held(entry.clone(), reply));
        } else {
            apply(entry, reply);
        }
        return reply;
    }

    @Override
    public synchronized void announceCommit() {
        announcements++;
    }

    /** How many times the writer asked for the followers to be told of a commit. */
    public synchronized int announcements() {
        return announcements;
    }

    @Override
    public synchronized CompletableFuture<Void> readBarrier() {
        PartitionUnavailableException refusal = refusal(false);
        // One copy of the state and no log: whatever was acknowledged is applied already.
        return refusal != null ? CompletableFuture.failedFuture(refusal) : CompletableFuture.completedFuture(null);
    }

    private PartitionUnavailableException refusal(boolean write) {
        if (closed) {
            return new PartitionUnavailableException(partition, "its group is closed on " + nodeId);
        }
        if (failure != null) {
            return new PartitionUnavailableException(partition, failure);
        }
        if (leaderId == null) {
            return new PartitionUnavailableException(partition, "it has no leader");
        }
        if (write && !(role == Role.LEADER && ready)) {
            return new PartitionUnavailableException(partition, role == Role.LEADER
                    ? "its leader is catching up" : nodeId + " is not its leader; the leader is " + leaderId);
        }
        return null;
    }

    private void apply(byte[] entry, CompletableFuture<byte[]> reply) {
        List<Command> commands = CommandCodec.decodeBatch(entry);
        List<CommandResult> results = catalog.applyAll(commands);
        applied.add(entry);
        reply.complete(CommandCodec.encodeResults(results));
    }

    // ---- switches ------------------------------------------------------------------------

    /** From now on entries wait, unapplied and unanswered, until {@link #release}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Applies the held entries in order and answers them; later entries apply at once again. */
    public void release() {
        List<Held> due;
        synchronized (this) {
            holding = false;
            due = new ArrayList<>(held);
            held.clear();
            for (Held h : due) {
                if (closed || failure != null) {
                    h.reply().completeExceptionally(refusal(true));
                } else {
                    apply(h.entry(), h.reply());
                }
            }
        }
    }

    /** Entries submitted and held, not yet applied. */
    public synchronized int heldEntries() {
        return held.size();
    }

    /** Becomes the ready leader in a new term. */
    public synchronized void lead() {
        term++;
        role = Role.LEADER;
        leaderId = nodeId;
        ready = true;
        lastContact = 0;
    }

    /** Becomes leader in a new term but not ready yet (still applying earlier terms' entries). */
    public synchronized void catchUp() {
        lead();
        ready = false;
    }

    /** Becomes a follower of {@code leader} in a new term, last in touch {@code lastContactMillis} ago. */
    public synchronized void leadElsewhere(String leader, long lastContactMillis) {
        term++;
        role = Role.FOLLOWER;
        leaderId = leader;
        ready = false;
        lastContact = lastContactMillis;
    }

    /** Loses its leader: a candidate in a new term, as in an election that nobody wins. */
    public synchronized void loseLeader() {
        term++;
        role = Role.CANDIDATE;
        leaderId = null;
        ready = false;
    }

    /** Refuses every call with {@code reason} (a group without quorum, a failing disk) until {@link #heal}. */
    public synchronized void fail(String reason) {
        failure = reason;
    }

    public synchronized void heal() {
        failure = null;
    }

    public synchronized void close() {
        closed = true;
        for (Held h : held) {
            h.reply().completeExceptionally(refusal(true));
        }
        held.clear();
    }

    public synchronized void setPeers(List<String> voters) {
        peers = List.copyOf(voters);
    }

    /** Every entry applied, in order (for tests of batching). */
    public synchronized List<byte[]> appliedEntries() {
        return List.copyOf(applied);
    }

    // ---- queries ---------------------------------------------------------------------------

    @Override
    public synchronized String leaderId() {
        return leaderId;
    }

    @Override
    public synchronized long term() {
        return term;
    }

    @Override
    public synchronized Role role() {
        return role;
    }

    @Override
    public synchronized boolean isReadyLeader() {
        return !closed && role == Role.LEADER && ready;
    }

    @Override
    public synchronized long lastAppliedIndex() {
        return applied.size();
    }

    @Override
    public synchronized long lastContactMillis() {
        if (leaderId == null) {
            return -1;
        }
        return role == Role.LEADER ? 0 : lastContact;
    }

    @Override
    public PartitionCatalog catalog() {
        return catalog;
    }

    @Override
    public synchronized List<String> peers() {
        return peers;
    }
}
