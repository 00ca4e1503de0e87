/**
 * The distributed hash table's first step: which partition owns a service.
 *
 * <p>Invariant: the mapping is a pure function of the key and the partition count, identical
 * on every node and every version, because the partition count is fixed for the life of a data
 * directory and the hash is a published algorithm (XXH3-64, seed 0).
 */
package io.cairn.core.partition;
