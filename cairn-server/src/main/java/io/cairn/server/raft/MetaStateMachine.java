package io.cairn.server.raft;

import io.cairn.core.cluster.ClusterCodec;
import io.cairn.core.cluster.ClusterCommand;
import io.cairn.core.cluster.ClusterMap;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The replicated cluster metadata: a {@link ClusterMap} fed by committed {@link ClusterCommand}s,
 * one per entry. The reply of an entry is the command's refusal in UTF-8, empty when applied.
 *
 * <p>Threading: Ratis applies entries on the group's single updater thread; readers on any
 * thread see the latest map through a volatile field (the map is immutable).
 */
public final class MetaStateMachine extends SnapshotFileStateMachine {

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
    protected void writeState(DataOutputStream out) throws IOException {
        byte[] bytes = ClusterCodec.encode(map);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    protected void readState(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        map = ClusterCodec.decodeMap(bytes);
    }

    static String refusal(Message reply) {
        return reply.getContent().toString(StandardCharsets.UTF_8);
    }
}
