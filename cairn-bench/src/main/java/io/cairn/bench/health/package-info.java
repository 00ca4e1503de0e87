/**
 * Benchmarks of health: how fast a frozen owner's instance is seen gone
 * ({@link io.cairn.bench.health.FailureDetection}), and what heartbeats cost
 * ({@link io.cairn.bench.health.HeartbeatLoad}). Each prints its figures; docs/benchmarks.md
 * records them with the commands.
 */
package io.cairn.bench.health;
