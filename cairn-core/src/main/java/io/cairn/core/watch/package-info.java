/**
 * What watchers are told: {@link io.cairn.core.watch.Change} events derived from applied
 * commands, and the bounded per-service {@link io.cairn.core.watch.ServiceHistory} that lets a
 * reconnecting watcher get exactly the changes it missed.
 *
 * <p>Invariants: a service's changes carry strictly increasing revisions, one per real change
 * (the same revision the catalog gave the service); a history either covers a range of
 * revisions completely or says it does not, never silently skipping one.
 */
package io.cairn.core.watch;
