/**
 * The node's data directory: its identity file and the layout below it.
 *
 * <p>Invariant: the partition count written when the directory is created never changes; a start
 * that asks for another count fails before touching any data.
 */
package io.cairn.server.storage;
