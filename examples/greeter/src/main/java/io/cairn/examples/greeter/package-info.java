/**
 * The client library's example: {@link io.cairn.examples.greeter.GreeterService} is a small HTTP
 * service that registers itself (ephemeral, kept alive by heartbeats, deregistered on exit);
 * {@link io.cairn.examples.greeter.GreeterCaller} finds its instances in the library's cache and
 * calls them through power-of-two-choices balancing with failover.
 */
package io.cairn.examples.greeter;
