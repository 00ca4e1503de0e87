/**
 * Helpers for tests that need Cairn running for real: {@link io.cairn.testkit.ServerProcess} runs
 * a node as a separate JVM (for crash, restart and signal tests, where "kill -9" must mean a real
 * process). Nothing here is used by production code.
 */
package io.cairn.testkit;
