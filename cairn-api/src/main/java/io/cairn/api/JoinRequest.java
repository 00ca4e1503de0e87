package io.cairn.api;

/**
 * {@code POST /v1/cluster/join}: a node asks to become (or stay) a member.
 *
 * @param id its node id
 * @param http {@code host:port} of its HTTP API
 * @param raft {@code host:port} of its Raft server
 * @param partitions its partition count, which must equal the cluster's
 */
public record JoinRequest(String id, String http, String raft, int partitions) {
}
