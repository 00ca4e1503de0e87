package io.cairn.api;

/**
 * The body of {@code PUT /v1/services/{service}/instances/{id}/checks/{n}}: the owner's report of
 * its instance's ttl check number {@code n}.
 *
 * @param status {@code passing}, {@code warning} or {@code critical} (required)
 * @param output a note shown with the check until the next report (optional, at most 4096 characters)
 */
public record CheckReportRequest(String status, String output) {
}
