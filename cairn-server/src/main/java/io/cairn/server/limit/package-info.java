/**
 * What one client may take of a node, shared by the HTTP API and the DNS interface
 * (docs/security.md, "Hostile input"): per-address shares of a resource ({@link
 * io.cairn.server.limit.ClientShares}) and the token bucket of a request rate ({@link
 * io.cairn.server.limit.TokenBucket}). Pure bookkeeping: no I/O, no threads, no clock (the time
 * is passed in), so each is tested on a manual clock.
 */
package io.cairn.server.limit;
