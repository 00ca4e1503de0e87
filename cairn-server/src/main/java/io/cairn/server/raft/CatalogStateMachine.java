package io.cairn.server.raft;

import io.cairn.core.catalog.CatalogSnapshot;
import io.cairn.core.catalog.ChangeListener;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
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
public final class CatalogStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogStateMachine.class);

    private final int partition;
    private final PartitionCatalog catalog;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

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
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            load(storage.loadLatestSnapshot());
        });
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
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
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() <= 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File target = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
        Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 64 * 1024))) {
            CatalogSnapshot.write(catalog, out);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), applied));
        LOG.debug("event=snapshot partition={} index={} services={}", partition, applied.getIndex(),
                catalog.services().size());
        return applied.getIndex();
    }

    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** After a snapshot was installed from a leader: load it and resume applying. */
    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        if (!Files.exists(path)) {
            throw new IOException("snapshot file " + path + " is missing for " + snapshot);
        }
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 64 * 1024))) {
            CatalogSnapshot.read(in, catalog);
        }
        updateLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("event=snapshot-loaded partition={} index={} services={}", partition,
                snapshot.getTermIndex().getIndex(), catalog.services().size());
    }
}
