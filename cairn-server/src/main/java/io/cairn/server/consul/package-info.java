/**
 * The Consul-compatible HTTP API (docs/consul.md): Consul's agent, catalog, health and status
 * endpoints translated onto Cairn's one catalog. Routes, JSON records and error texts are
 * Consul's; every write becomes the native {@code Register}/{@code Deregister} command after the
 * native validation ({@code http.RegistrationBody}, {@code core.model.InstanceRules}), every
 * read is a view of the partition catalogs, blocking reads wait on the native watch machinery,
 * and TTL checks report to the native {@code health.HealthMonitor}. Nothing here stores state.
 *
 * <p>Invariants: {@code X-Consul-Index} is derived from revisions (equal on every replica, never
 * decreasing), so it is monotonic per resource across restarts and failovers; a consul node is
 * an instance's address; a request for another datacenter is refused.
 */
package io.cairn.server.consul;
