package io.cairn.api;

import java.util.List;

/** The services of a namespace that have at least one instance, sorted by name. */
public record ServiceList(String namespace, List<ServiceSummary> services) {
}
