package io.cairn.core.cluster;

import java.util.Objects;

/**
 * A node of the cluster as the others know it.
 *
 * @param id the node id (also its Raft peer id)
 * @param httpAddress {@code host:port} of its HTTP API, where clients and other nodes reach it
 * @param raftAddress {@code host:port} of its Raft (gRPC) server
 * @param state whether it holds replicas now
 */
public record Member(String id, String httpAddress, String raftAddress, MemberState state) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(raftAddress, "raftAddress");
        Objects.requireNonNull(state, "state");
    }

    Member withState(MemberState value) {
        return new Member(id, httpAddress, raftAddress, value);
    }
}
