package io.cairn.api;

import java.util.List;

/**
 * One member in {@code GET /v1/cluster/members}.
 *
 * @param id the node id
 * @param http {@code host:port} of its HTTP API
 * @param raft {@code host:port} of its Raft server
 * @param state {@code alive}, {@code failed} or {@code leaving}
 * @param reachable whether the metadata leader heard from it in its last round
 * @param held partitions it holds a replica of (as it last reported)
 * @param led partitions it leads (as it last reported)
 */
public record ClusterMember(String id, String http, String raft, String state, boolean reachable, List<Integer> held,
        List<Integer> led) {
}
