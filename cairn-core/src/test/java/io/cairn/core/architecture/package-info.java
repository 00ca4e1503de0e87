/**
 * Rules on the shape of cairn-core, checked by ArchUnit over the main classes: the domain stays
 * pure (no I/O, threads, clocks, randomness, Raft, HTTP or JSON) and depends on no other Cairn module.
 */
package io.cairn.core.architecture;
