/**
 * Routing a request to the partition that owns its service, the group-commit writer in front of
 * each partition's group, and the consensus seam they work through: {@link
 * io.cairn.server.partition.PartitionGroup} (one partition's group as this node holds it) and
 * {@link io.cairn.server.partition.PartitionGroups} (which partitions this node holds).
 * Implemented with Ratis in {@code io.cairn.server.raft}; nothing here knows Ratis.
 *
 * <p>Invariants: a default read is answered only by a partition leader that has applied every
 * entry of earlier terms (so it never serves a state older than an acknowledged write); a
 * consistent read passes the group's read barrier first; commands of one partition reach the
 * group in the order they were submitted.
 */
package io.cairn.server.partition;
