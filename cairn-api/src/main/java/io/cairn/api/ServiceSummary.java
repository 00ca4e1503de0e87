package io.cairn.api;

/**
 * One line of the service list: a service with its instance counts and revision.
 *
 * @param instances all its instances
 * @param passing those whose health is passing
 * @param warning those whose health is warning
 * @param critical those whose health is critical
 */
public record ServiceSummary(String name, int instances, long revision, int passing, int warning, int critical) {
}
