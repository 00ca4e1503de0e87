/**
 * The node's part in a cluster: joining or forming one ({@link io.cairn.server.cluster.ClusterNode}),
 * what it knows of the others ({@link io.cairn.server.cluster.ClusterView}), the controller that
 * makes the Raft groups follow the placement table on the metadata leader
 * ({@link io.cairn.server.cluster.Controller}), forwarding requests to the partition leader
 * ({@link io.cairn.server.cluster.Forwarder}, {@link io.cairn.server.cluster.HeartbeatRelay}),
 * and the cluster endpoints. Invariants: no node forwards a request twice (a forwarded request is
 * served or refused); the controller changes a group's configuration only by compare-and-set
 * from what its leader reported, one replica at a time, adding before removing.
 */
package io.cairn.server.cluster;
