package io.cairn.server.partition;

import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for one partition: commands submitted while a Raft entry is in flight wait and
 * then go together in the next entry, so one fsync acknowledges many writes.
 *
 * <p>Threading: {@link #submit} is called from any thread; at most one entry is in flight,
 * guarded by {@link #inFlight}; whoever wins that flag asks the node's {@link EntrySlots} for a
 * slot and, once it has one, hands the proposal to a proposer thread, which takes the batch from
 * the queue only when it runs, so that commands arriving while it waits for a slot or a thread
 * join the entry at no cost in latency. Order of submission is the order in the log.
 */
final class PartitionWriter {

    /**
     * Commands per entry; with the byte limit, keeps one entry small enough to replicate fast and
     * below Ratis's entry limit ({@code raft.RatisSettings.MAX_ENTRY_BYTES}, 128 KiB, twice this:
     * a batch stops before passing 64 KiB, and one command is at most about 30 KiB, however large
     * the body, by the limits on names, tags, metadata and checks).
     */
    static final int MAX_BATCH_COMMANDS = 1024;
    static final int MAX_BATCH_BYTES = 64 * 1024;

    private record Pending(byte[] command, CompletableFuture<CommandResult> result) {
    }

    private final int partition;
    private final PartitionGroups groups;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** True while an entry of this partition is between submit and reply. */
    private final AtomicBoolean inFlight = new AtomicBoolean();

    private final Executor proposer;
    private final EntrySlots slots;
    private final EntrySlots replicatedSlots;
    /** Whether the group had followers at the last proposal: its entries then take the replicated slots. */
    private volatile boolean replicated;

    /**
     * @param proposer runs the proposal of each entry: Ratis takes locks while it appends, so an
     *     HTTP event loop must not make the call itself (it would stall every connection on it)
     * @param slots the node's limit on entries in flight, shared by its single-replica partitions
     * @param replicatedSlots the same for partitions with followers: such an entry waits a
     *     replication round trip, and on a busy node fewer entries in flight gather more writes
     *     each, which costs every replica less CPU per write
     */
    PartitionWriter(int partition, PartitionGroups groups, Executor proposer, EntrySlots slots,
            EntrySlots replicatedSlots) {
        this.replicatedSlots = replicatedSlots;
        this.partition = partition;
        this.groups = groups;
        this.proposer = proposer;
        this.slots = slots;
    }

    /** Queues an encoded command; the future completes when its entry is committed and applied. */
    CompletableFuture<CommandResult> submit(byte[] encodedCommand) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        queue.add(new Pending(encodedCommand, result));
        drain();
        return result;
    }

    /**
     * Starts an entry when commands wait and none is in flight; whoever wins the flag asks the
     * node for a slot, and proposes once it has one.
     */
    private void drain() {
        if (!queue.isEmpty() && inFlight.compareAndSet(false, true)) {
            EntrySlots from = replicated ? replicatedSlots : slots;
            from.acquire(ticket -> proposer.execute(() -> proposeQueued(from, ticket)));
        }
    }

    /**
     * On a proposer thread, holding the in-flight flag and a slot: everything queued by now goes
     * into one entry, so commands that arrive while the proposal waits for a slot or a thread
     * join it for free.
     */
    private void proposeQueued(EntrySlots from, EntrySlots.Ticket ticket) {
        List<Pending> batch = takeBatch();
        if (batch.isEmpty()) {
            finished(from, ticket); // a command may have arrived after the poll: finished drains again
            return;
        }
        propose(batch, from, ticket);
    }

    /** The entry is answered (or was never made): gives back the slot, then the flag. */
    private void finished(EntrySlots from, EntrySlots.Ticket ticket) {
        from.release(ticket);
        inFlight.set(false);
        drain();
    }

    private List<Pending> takeBatch() {
        List<Pending> batch = new ArrayList<>();
        int bytes = 0;
        Pending next;
        while (batch.size() < MAX_BATCH_COMMANDS && (next = queue.peek()) != null
                && (batch.isEmpty() || bytes + next.command().length <= MAX_BATCH_BYTES)) {
            queue.poll();
            batch.add(next);
            bytes += next.command().length;
        }
        return batch;
    }

    private void propose(List<Pending> batch, EntrySlots from, EntrySlots.Ticket ticket) {
        List<byte[]> commands = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            commands.add(p.command());
        }
        CompletableFuture<byte[]> reply;
        PartitionGroup group = null;
        try {
            // Looked up per entry: the replica may have moved away, or been created again.
            group = groups.replica(partition);
            reply = group == null
                    ? CompletableFuture.failedFuture(PartitionUnavailableException.leaderElsewhere(partition,
                            "this node holds no replica of it"))
                    : group.submit(CommandCodec.batch(commands));
            replicated = group != null && group.peers().size() > 1;
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e); // never leave the partition stuck in flight
        }
        PartitionGroup proposedTo = group;
        boolean toFollowers = replicated;
        reply.whenComplete((answer, error) -> {
            complete(batch, answer, error);
            // Looked at before the next entry can take the queue: commands waiting now go in an
            // entry whose append carries the commit index to the followers; with none waiting,
            // the followers are told now (else only by the next heartbeat).
            boolean nothingFollows = queue.isEmpty();
            finished(from, ticket);
            if (error == null && toFollowers && nothingFollows) {
                proposedTo.announceCommit();
            }
        });
    }

    private void complete(List<Pending> batch, byte[] reply, Throwable error) {
        RuntimeException failure = null;
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            failure = cause instanceof PartitionUnavailableException u ? u
                    : new PartitionUnavailableException(partition, String.valueOf(cause.getMessage()));
        }
        if (failure != null) {
            for (Pending p : batch) {
                p.result().completeExceptionally(failure);
            }
            return;
        }
        List<CommandResult> results = CommandCodec.decodeResults(reply);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }
}
