package io.cairn.api;

/** One line of the service list: a service with its instance count and revision. */
public record ServiceSummary(String name, int instances, long revision) {
}
