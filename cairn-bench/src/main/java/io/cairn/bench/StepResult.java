package io.cairn.bench;

import org.HdrHistogram.Histogram;

/**
 * What one measured step (one scenario at one client count) produced.
 *
 * @param scenario the scenario's name
 * @param clients closed-loop clients, one connection each
 * @param operations successful requests completed inside the measured interval
 * @param seconds the measured interval
 * @param latencyNanos latency of those requests, send to last byte of the answer
 * @param errors requests that failed (non-2xx answer or I/O error) inside the measured interval
 * @param firstError a description of the first failure of the whole step, or null
 */
public record StepResult(String scenario, int clients, long operations, double seconds, Histogram latencyNanos,
        long errors, String firstError) {

    public double opsPerSecond() {
        return seconds <= 0 ? 0 : operations / seconds;
    }

    /** The latency at {@code percentile} (0-100) in milliseconds; 0 when nothing was measured. */
    public double latencyMillis(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }
}
