/**
 * Routing a request to the partition that owns its service, and the group-commit writer in
 * front of each partition's Raft group.
 *
 * <p>Invariants: a read is answered only by a partition leader that has applied every entry of
 * earlier terms (so it never serves a state older than an acknowledged write); commands of one
 * partition reach Raft in the order they were submitted.
 */
package io.cairn.server.partition;
