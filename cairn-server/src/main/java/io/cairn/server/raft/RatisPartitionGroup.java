package io.cairn.server.raft;

import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.partition.PartitionUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.TransferLeadershipException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * A partition's Ratis division on this node, seen through {@link PartitionGroup}.
 *
 * <p>Requests go to the division itself on the calling thread (not through Ratis's server-wide
 * client thread pool): one hop less. A handle wraps one division; when the group is removed and
 * created again, {@link RaftNode#replica} hands out a new handle and this one fails its calls
 * with {@link PartitionUnavailableException}, as the contract says.
 */
final class RatisPartitionGroup implements PartitionGroup {

    private static final Message EMPTY = Message.valueOf(ByteString.EMPTY);

    private final int partition;
    private final RaftServer.Division division;
    private final CatalogStateMachine stateMachine;
    private final RaftClientAsynchronousProtocol requests;
    private final ClientId clientId;
    private final RaftPeerId self;
    private final LongSupplier callIds;
    private final CommitNotices commitNotices;

    /** @param server takes the requests when the division cannot (it always can in Ratis 3.3) */
    RatisPartitionGroup(int partition, RaftServer.Division division, RaftServer server, ClientId clientId,
            RaftPeerId self, LongSupplier callIds, CommitNotices commitNotices) {
        this.partition = partition;
        this.division = division;
        this.requests = division instanceof RaftClientAsynchronousProtocol direct ? direct : server;
        this.stateMachine = (CatalogStateMachine) division.getStateMachine();
        this.clientId = clientId;
        this.self = self;
        this.callIds = callIds;
        this.commitNotices = commitNotices;
    }

    /** The division this handle wraps (to tell whether it is still the one Ratis holds). */
    RaftServer.Division division() {
        return division;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public CompletableFuture<byte[]> submit(byte[] entry) {
        return send(RaftClientRequest.writeRequestType(), Message.valueOf(ByteString.copyFrom(entry)))
                .thenApply(reply -> reply.getMessage().getContent().toByteArray());
    }

    @Override
    public void announceCommit() {
        try {
            commitNotices.committed(division.getGroup().getGroupId(), division.getRaftLog().getLastCommittedIndex());
        } catch (RuntimeException e) {
            // best effort: a group being closed has no followers to tell
        }
    }

    /**
     * A read-only request with {@code raft.server.read.option=LINEARIZABLE} (see
     * {@link RatisSettings}): the leader confirms its leadership with a majority and takes its
     * commit index (a follower asks the leader for it), Ratis waits until this replica has applied
     * that index, then calls {@link CatalogStateMachine#query}, which answers at once.
     */
    @Override
    public CompletableFuture<Void> readBarrier() {
        return send(RaftClientRequest.readRequestType(), EMPTY).thenApply(reply -> null);
    }

    private CompletableFuture<RaftClientReply> send(RaftClientRequest.Type type, Message message) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(self)
                .setGroupId(division.getGroup().getGroupId())
                .setCallId(callIds.getAsLong())
                .setMessage(message)
                .setType(type)
                .build();
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = requests.submitClientRequestAsync(request);
        } catch (Exception e) {
            sent = CompletableFuture.failedFuture(e); // closed, or refused before it was queued
        }
        return sent.handle((reply, error) -> {
            if (error != null) {
                throw unavailable(error);
            }
            if (!reply.isSuccess()) {
                RaftException e = reply.getException();
                throw failure(e, e == null ? "refused" : e.getMessage());
            }
            return reply;
        });
    }

    private PartitionUnavailableException unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof PartitionUnavailableException u) {
            return u;
        }
        return failure(cause, String.valueOf(cause.getMessage()));
    }

    /**
     * Ratis's refusals that say the request was not taken here because leadership is elsewhere
     * or moving (or this replica is gone): safe to send again to the partition's leader.
     */
    private PartitionUnavailableException failure(Throwable cause, String reason) {
        boolean elsewhere = cause instanceof NotLeaderException || cause instanceof LeaderNotReadyException
                || cause instanceof LeaderSteppingDownException || cause instanceof TransferLeadershipException
                || cause instanceof GroupMismatchException;
        return elsewhere ? PartitionUnavailableException.leaderElsewhere(partition, reason)
                : new PartitionUnavailableException(partition, reason);
    }

    @Override
    public String leaderId() {
        RaftPeerId leader = division.getInfo().getLeaderId();
        return leader == null ? null : leader.toString();
    }

    @Override
    public long term() {
        return division.getInfo().getCurrentTerm();
    }

    @Override
    public Role role() {
        var role = division.getInfo().getCurrentRole();
        if (role == null) {
            return Role.STARTING; // a division that is still initializing has no role yet
        }
        return switch (role) {
            case LEADER -> Role.LEADER;
            case CANDIDATE -> Role.CANDIDATE;
            case LISTENER -> Role.LISTENER;
            default -> Role.FOLLOWER;
        };
    }

    @Override
    public boolean isReadyLeader() {
        return division.getInfo().isLeaderReady();
    }

    @Override
    public long lastAppliedIndex() {
        return division.getInfo().getLastAppliedIndex();
    }

    @Override
    public long lastContactMillis() {
        DivisionInfo info = division.getInfo();
        if (info.isLeader()) {
            return 0;
        }
        if (info.getLeaderId() == null) {
            return -1; // a follower that has heard from nobody yet still reports an elapsed time
        }
        var role = info.getRoleInfoProto();
        return role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()
                ? role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() : -1;
    }

    @Override
    public long followerLag() {
        DivisionInfo info = division.getInfo();
        if (!info.isLeader()) {
            return 0;
        }
        long[] matched = info.getFollowerMatchIndices();
        if (matched == null || matched.length == 0) {
            return 0;
        }
        long lowest = Long.MAX_VALUE;
        for (long m : matched) {
            lowest = Math.min(lowest, m);
        }
        return Math.max(0, info.getLastAppliedIndex() - lowest);
    }

    @Override
    public PartitionCatalog catalog() {
        return stateMachine.catalog();
    }

    @Override
    public List<String> peers() {
        List<String> out = new ArrayList<>();
        for (RaftPeer p : division.getRaftConf().getCurrentPeers()) {
            out.add(p.getId().toString());
        }
        return out;
    }

    @Override
    public String toString() {
        return "partition " + partition + " on " + self;
    }
}
