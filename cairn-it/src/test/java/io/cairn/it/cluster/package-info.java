/**
 * Cluster scenarios on real node processes ({@link io.cairn.testkit.NodeCluster}): forming and
 * growing a cluster, kill -9 under load, failed members, bad cluster input, a node cut off from
 * the others ({@link io.cairn.testkit.NetworkLab}). Every scenario ends with the same checks: the
 * cluster converges, replicas agree, and every acknowledged write is where the ledger says.
 */
package io.cairn.it.cluster;
