/**
 * The adapter between Cairn and Apache Ratis: one Ratis server per node hosting one Raft group
 * per partition, the catalog state machine, and the group-commit writer.
 *
 * <p>Invariants: the state machine is deterministic (it reads no clock, no random, no I/O while
 * applying); a write is acknowledged only after its entry is fsynced on a majority and applied
 * on the leader; a log entry this version cannot decode stops the node instead of being skipped.
 */
package io.cairn.server.raft;
