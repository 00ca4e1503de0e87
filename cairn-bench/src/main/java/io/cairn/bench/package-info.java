/**
 * End-to-end benchmarks of a Cairn node over its HTTP API (and its DNS port), each a {@code main} run from the
 * runnable layout that the module's build leaves in {@code cairn-bench/target}
 * ({@code cairn-bench.jar} plus {@code lib/}); docs/benchmarks.md has the commands and figures.
 *
 * <p>{@link io.cairn.bench.BenchServer} is the node under test, normally spawned in its own JVM
 * with the JVM options users run {@code cairn server} with ({@link io.cairn.bench.BenchServer#spawn},
 * over the testkit's process launcher {@code io.cairn.testkit.ServerProcess});
 * {@link io.cairn.bench.LoadGenerator} measures throughput and latency with closed-loop clients;
 * {@link io.cairn.bench.DnsLoad} does the same for the DNS interface over UDP;
 * {@link io.cairn.bench.MemoryFootprint} measures heap and RSS with 100,000 instances. Package
 * {@code cluster} holds what runs several nodes: the cluster the generator's {@code --cluster N}
 * spawns, and the failover benchmark.
 * {@link io.cairn.bench.PlacementSimulation} is the exception: pure computation over
 * {@code PlacementTable} (package {@code placement}), no node at all.
 *
 * <p>Invariant: every load is bounded in time and in request count, only ever targets the URL it
 * is given or the loopback address of a server it spawned, and stops by itself.
 */
package io.cairn.bench;
