package io.cairn.api;

/**
 * The last result of one of an instance's checks, as the partition's leader last saw it.
 *
 * @param index the check's position in the instance's {@code checks}
 * @param health {@code passing}, {@code warning} or {@code critical}; null before its first probe
 * @param output what the probe saw ({@code HTTP 200}, a connection error); null before its first probe
 * @param ageMillis milliseconds since that probe completed; null before its first probe
 */
public record CheckStatus(int index, String health, String output, Long ageMillis) {
}
