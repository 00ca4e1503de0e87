/**
 * The cluster's metadata, pure: its members, the partition count, the replication factor and
 * the placement table with its epoch, changed only by {@link io.cairn.core.cluster.ClusterCommand}s
 * applied in the metadata Raft group's log order. Applying is deterministic (no clock, no I/O),
 * so every replica of the metadata group holds the same {@link io.cairn.core.cluster.ClusterMap}.
 * The placement moves with membership: a member joining or returning takes its share, a member
 * failed or leaving hands its replicas to the others; nothing here talks to Raft groups, the
 * server's controller makes the groups follow the table.
 */
package io.cairn.core.cluster;
