/**
 * Prometheus metrics ({@code GET /metrics}), through Micrometer, and the same counters as JSON
 * ({@code GET /v1/figures}). Most values are read from their owners when scraped (gauges and
 * function counters over the catalog, watch hub and health monitor), so nothing on a hot path
 * updates a meter of its own. The one exception is {@link io.cairn.server.metrics.Throughput}:
 * each write and lookup answered adds to a {@code LongAdder} and records its latency in a
 * histogram, a few hundred nanoseconds against the tens of microseconds a request costs.
 */
package io.cairn.server.metrics;
