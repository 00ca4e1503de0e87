package io.cairn.api;

import java.util.List;

/**
 * {@code GET /v1/cluster/local}: the Raft groups this node holds, as it sees them. The metadata
 * leader reads every member's report each round; operators may read it too.
 *
 * @param node this node's id
 * @param http {@code host:port} of its HTTP API
 * @param raft {@code host:port} of its Raft server
 * @param partitionCount its partition count
 * @param member whether it belongs to a formed cluster (false while it waits to join or bootstrap)
 * @param groups every group replica it holds
 */
public record LocalReport(String node, String http, String raft, int partitionCount, boolean member,
        List<LocalGroup> groups) {
}
