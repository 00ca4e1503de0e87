package io.cairn.server.raft;

import io.cairn.core.catalog.CatalogSnapshot;
import io.cairn.core.catalog.ChangeListener;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state of one partition: a {@link PartitionCatalog} fed by committed log
 * entries, each a batch of commands.
 *
 * <p>Threading: Ratis calls {@link #applyTransaction}, {@link #takeSnapshot},
 * {@link #reinitialize} and {@link #pause} from the group's single state-machine updater
 * thread, so the catalog has one writer; HTTP threads only read it.
 */
public final class CatalogStateMachine extends SnapshotFileStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogStateMachine.class);

    private final int partition;
    private final PartitionCatalog catalog;

    /** @param listener told of every change this partition applies, on its apply thread */
    private final java.util.concurrent.atomic.LongAdder leaderChanges;

    /** @param leaderChanges counts the leader changes this replica hears of (shared by the node's groups) */
    public CatalogStateMachine(int partition, ChangeListener listener, java.util.concurrent.atomic.LongAdder leaderChanges) {
        this.partition = partition;
        this.catalog = new PartitionCatalog(listener);
        this.leaderChanges = leaderChanges;
    }

    /** Ratis's leader-change notification: counted for {@code cairn_raft_leader_changes_total}. */
    @Override
    public void notifyLeaderChanged(org.apache.ratis.protocol.RaftGroupMemberId groupMemberId,
            org.apache.ratis.protocol.RaftPeerId newLeaderId) {
        leaderChanges.increment();
    }

    public int partition() {
        return partition;
    }

    /** The catalog, for reading. Only this state machine writes it. */
    public PartitionCatalog catalog() {
        return catalog;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        // A CorruptCommandException escapes here on purpose: Ratis then stops this group's
        // updater instead of applying later entries on top of a state other replicas differ on.
        List<Command> commands = CommandCodec.decodeBatch(data);
        List<CommandResult> results = catalog.applyAll(commands);
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(
                Message.valueOf(ByteString.copyFrom(CommandCodec.encodeResults(results))));
    }

    /**
     * A read-only request: Cairn's reads go to the catalog directly, so a query only marks the
     * point where Ratis has applied the read index ({@link RatisPartitionGroup#readBarrier}).
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    protected void writeState(DataOutputStream out) throws IOException {
        CatalogSnapshot.write(catalog, out);
    }

    @Override
    protected void readState(DataInputStream in) throws IOException {
        CatalogSnapshot.read(in, catalog);
    }

    @Override
    protected void loaded(TermIndex at) {
        LOG.info("event=snapshot-loaded partition={} index={} services={}", partition, at.getIndex(),
                catalog.services().size());
    }
}
