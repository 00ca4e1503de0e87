/**
 * One partition's catalog: the services that hash to it, their instances and revisions.
 *
 * <p>Invariants: exactly one thread applies commands (the partition's Raft apply thread); any
 * thread may read. Readers see immutable {@link io.cairn.core.catalog.ServiceState} values, each
 * replaced whole by a change, so a read never observes half a write. A service's revision moves
 * when, and only when, its instances' content changes, and never goes back, even across the
 * service's removal and re-creation (an emptied service stays as a tombstone with its revision).
 */
package io.cairn.core.catalog;
