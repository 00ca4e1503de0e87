/**
 * Partition placement: which nodes hold the Raft replicas of each catalog partition, and which
 * of them should lead it.
 *
 * <p>Placement is rendezvous (highest-random-weight) hashing with bounded loads: each node has a
 * {@link io.cairn.core.placement.RendezvousScore} per partition, and a partition's replicas go
 * to its best-scoring nodes that are not already over their share. A
 * {@link io.cairn.core.placement.PlacementTable} is built once for a new cluster
 * ({@code InitialPlacement}) and then changed one node at a time ({@code NodeJoin},
 * {@code NodeLeave}), from the table the cluster already applies; {@code PlacementDraft} is
 * the mutable working copy those three edit and {@code FairShare} the even split they aim at.
 *
 * <p>Invariants, checked by property tests:
 * <ul>
 *   <li>each partition has {@code min(replicationFactor, nodes)} replicas on distinct nodes,
 *       the preferred leader first, then the followers best rendezvous score first;
 *   <li>the same inputs give the same table on every node, whatever order the node ids come in:
 *       no clock, no randomness, no iteration over hash-ordered collections;
 *   <li>a joining node only receives replicas (about {@code partitions * R / (N + 1)}) and a
 *       leaving node's replicas, exactly those, are only handed to staying nodes: no replica
 *       ever moves between two nodes that both stay;
 *   <li>no node holds more than 1.25 times the mean number of replicas (guaranteed after
 *       {@code initial}, which splits them to within one, for 256 partitions and 3 to 50 nodes;
 *       observed, not proven, after sequences of joins and leaves), nor leads more than 1.5
 *       times the mean number of partitions (observed).
 * </ul>
 */
package io.cairn.core.placement;
