package io.cairn.server.raft;

import io.cairn.core.cluster.ClusterCodec;
import io.cairn.core.cluster.ClusterCommand;
import io.cairn.core.cluster.ClusterMap;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

/**
 * The replicated cluster metadata: a {@link ClusterMap} fed by committed {@link ClusterCommand}s,
 * one per entry. The reply of an entry is the command's refusal in UTF-8, empty when applied.
 *
 * <p>Threading: Ratis applies entries on the group's single updater thread; readers on any
 * thread see the latest map through a volatile field (the map is immutable).
 */
public final class MetaStateMachine extends BaseStateMachine {

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final int partitions;
    private final int replication;
    private volatile ClusterMap map;

    /** @param partitions and {@code replication}: the values of a cluster that has no metadata yet */
    public MetaStateMachine(int partitions, int replication) {
        this.partitions = partitions;
        this.replication = replication;
        this.map = ClusterMap.empty(partitions, replication);
    }

    /** The metadata as applied on this replica. */
    public ClusterMap map() {
        return map;
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
        // A corrupt entry escapes as an exception on purpose: the group stops rather than diverge.
        ClusterCommand command = ClusterCodec.decodeCommand(entry.getStateMachineLogEntry().getLogData().toByteArray());
        ClusterMap.Applied applied = map.apply(command);
        map = applied.map();
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        String refusal = applied.refusal() == null ? "" : applied.refusal();
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFromUtf8(refusal)));
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() <= 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File target = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
        Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        Files.write(tmp, ClusterCodec.encode(map));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), applied));
        return applied.getIndex();
    }

    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

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
            map = ClusterMap.empty(partitions, replication);
            return;
        }
        Path path = snapshot.getFile().getPath();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        }
        map = ClusterCodec.decodeMap(Files.readAllBytes(path));
        updateLastAppliedTermIndex(snapshot.getTermIndex());
    }

    static String refusal(Message reply) {
        return reply.getContent().toString(StandardCharsets.UTF_8);
    }
}
