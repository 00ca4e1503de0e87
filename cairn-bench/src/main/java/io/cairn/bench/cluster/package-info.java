/**
 * Benchmarks of a cluster of real node processes on 127.0.0.1: {@link io.cairn.bench.cluster.SpawnedCluster}
 * starts and kills the members (each a {@link io.cairn.bench.BenchServer} with the JVM options of
 * {@code cairn server}), {@link io.cairn.testkit.ClusterReadiness} says from the cluster's own
 * endpoints whether it is ready to load or converged, and {@link io.cairn.bench.cluster.Failover}
 * measures how long writes stop after a {@code kill -9}.
 *
 * <p>Invariant: every member listens on loopback only, every wait is bounded, and the temporary
 * directory of a cluster is removed when it closes.
 */
package io.cairn.bench.cluster;
