/**
 * The adapter between Cairn and Apache Ratis: one Ratis server per node hosting one Raft group
 * per partition plus the metadata group, the catalog and metadata state machines, and group
 * administration. It implements the consensus seam ({@code partition.PartitionGroups} and
 * {@code partition.PartitionGroup}); no other package of the server touches a Ratis type (an
 * ArchUnit test, {@code ServerArchitectureTest}, fails the build otherwise).
 *
 * <p>Invariants: the state machine is deterministic (it reads no clock, no random, no I/O while
 * applying); a write is acknowledged only after its entry is fsynced on a majority and applied
 * on the leader; a log entry this version cannot decode stops the node instead of being skipped.
 */
package io.cairn.server.raft;
