package io.cairn.server.raft;

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
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

/**
 * A state machine whose whole state is written to one snapshot file: the lifecycle both of
 * Cairn's state machines share (load the latest snapshot at start, write a snapshot atomically
 * and fsynced with its MD5, pause and reload around a snapshot installed from the leader).
 * Subclasses say only how their state is written, read and emptied.
 *
 * <p>Threading: Ratis calls every method here from the group's single state-machine updater
 * thread (or, for {@link #initialize}, before it starts).
 */
abstract class SnapshotFileStateMachine extends BaseStateMachine {

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

    /** Writes the whole state. */
    protected abstract void writeState(DataOutputStream out) throws IOException;

    /** Replaces the state with what {@link #writeState} wrote. */
    protected abstract void readState(DataInputStream in) throws IOException;

    /** Called after a snapshot was loaded (for a log line, say). */
    protected void loaded(TermIndex at) {
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
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() <= 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File target = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
        Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 64 * 1024))) {
            writeState(out);
        }
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
            readState(in);
        }
        updateLastAppliedTermIndex(snapshot.getTermIndex());
        loaded(snapshot.getTermIndex());
    }
}
