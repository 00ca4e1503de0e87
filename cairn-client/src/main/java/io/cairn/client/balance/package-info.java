/**
 * Choosing an instance, and calling it with failover.
 *
 * <p>{@link io.cairn.client.balance.LoadBalancer} is the one seam: given the candidates (never
 * empty) and an optional key, pick one. Four come with the library: round robin, weighted random
 * (the registry's weights), power of two choices on outstanding requests, and consistent
 * (rendezvous) hashing on the caller's key. A balancer that needs to know when calls start and end
 * also implements {@link io.cairn.client.balance.CallObserver}; {@link
 * io.cairn.client.balance.Failover} tells it.
 *
 * <p>Invariants: picks are thread safe and lock-free; none allocates on its hot path (per-list
 * tables are built once per candidate list and reused while the same list object is passed, which
 * {@link io.cairn.client.Cairn}'s cache guarantees until the service changes); nothing here does
 * I/O, starts a thread, or depends on anything but the wire types.
 */
package io.cairn.client.balance;
