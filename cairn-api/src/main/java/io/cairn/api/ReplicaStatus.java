package io.cairn.api;

/**
 * One replica of a partition.
 *
 * @param node the node holding it
 * @param role {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE}, or {@code UNKNOWN} when the
 *     node did not report
 * @param appliedIndex the last log index it applied (-1 when unknown)
 */
public record ReplicaStatus(String node, String role, long appliedIndex) {
}
