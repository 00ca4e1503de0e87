/**
 * Watches: blocking queries and server-sent event streams fed by the partitions' changes.
 *
 * <p>{@link io.cairn.server.watch.WatchHub} receives every applied change on the partition's
 * apply thread, records it in the service's bounded history and hands it to one
 * {@link io.cairn.server.watch.WatchLoop} per HTTP event loop. Each loop owns its watchers
 * outright (registered, fed and removed on its own thread, no locks), so a change costs one
 * hand-off per event loop however many watchers there are, and nothing at all when a service has
 * no watcher. A watcher only ever wakes for a change of what it watches.
 */
package io.cairn.server.watch;
