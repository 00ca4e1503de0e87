/**
 * Prometheus metrics ({@code GET /metrics}), through Micrometer. Values are read from their
 * owners when scraped (gauges and function counters over the catalog, watch hub and health
 * monitor), so nothing on a hot path updates a meter of its own.
 */
package io.cairn.server.metrics;
