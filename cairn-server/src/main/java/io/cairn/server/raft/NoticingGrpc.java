package io.cairn.server.raft;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;

/**
 * Ratis's gRPC transport, unchanged but for one thing: the log appenders a leader creates are
 * recorded in the node's {@link CommitNotices} (found in the server's {@link Parameters}). Named
 * by class in the {@code raft.rpc.type} property ({@link RatisSettings}); Ratis makes it by
 * reflection, so it has a public no-argument constructor and keeps no state of its own.
 */
public final class NoticingGrpc implements RpcType {

    @Override
    public String name() {
        return NoticingGrpc.class.getName();
    }

    @Override
    public RpcFactory newFactory(Parameters parameters) {
        CommitNotices notices = parameters.get(CommitNotices.PARAMETER, CommitNotices.class);
        return new GrpcFactory(parameters) {
            @Override
            public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
                LogAppender appender = super.newLogAppender(server, state, follower);
                if (notices != null) {
                    notices.add(server.getMemberId().getGroupId(), appender);
                }
                return appender;
            }
        };
    }
}
