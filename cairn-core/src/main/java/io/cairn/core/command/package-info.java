/**
 * What the replicated log carries: commands, their results, and their binary encoding.
 *
 * <p>Invariants: a command holds everything its application needs (no clock, no random, no
 * lookup), so every replica that applies the same log reaches the same catalog. The encoding is
 * versioned; a replica that meets a tag it does not know stops instead of guessing.
 */
package io.cairn.core.command;
