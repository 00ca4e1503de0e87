/**
 * A simulation of {@link io.cairn.core.placement.PlacementTable} as a cluster grows and shrinks
 * one node at a time, for {@link io.cairn.bench.PlacementSimulation} and its test: per change,
 * how evenly replicas and leaderships are spread, how many replicas moved against the least any
 * placement could move, and whether any moved between two nodes that both stayed.
 *
 * <p>Invariants: pure computation over tables (no I/O, no clock, no threads); every random choice
 * comes from one seeded {@link java.util.Random}, so a seed reproduces a walk exactly. Figures are
 * counted from {@code replicas(p)} of each table, not taken from the table's own bookkeeping
 * ({@code loads()}, {@code moves}), so that the simulation checks the table rather than repeats it.
 */
package io.cairn.bench.placement;
