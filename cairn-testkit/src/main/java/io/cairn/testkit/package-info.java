/**
 * Helpers for tests that need Cairn running for real: {@link io.cairn.testkit.ServerProcess} runs
 * a node as a separate JVM (for crash, restart and signal tests, where "kill -9" must mean a real
 * process), {@link io.cairn.testkit.NodeCluster} runs several as one cluster, and
 * {@link io.cairn.testkit.NetworkLab} gives each node its own network namespace so that links
 * between nodes can be cut. Nothing here is used by production code; a lab never touches an
 * interface or namespace it did not create.
 */
package io.cairn.testkit;
