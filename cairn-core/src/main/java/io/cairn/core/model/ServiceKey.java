package io.cairn.core.model;

import java.util.Objects;

/**
 * Identifies a service: the unit that hashes to a partition and carries a revision.
 *
 * @param namespace the namespace, e.g. {@code default}
 * @param service the service name within the namespace
 */
public record ServiceKey(String namespace, String service) implements Comparable<ServiceKey> {

    public ServiceKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(service, "service");
    }

    @Override
    public int compareTo(ServiceKey other) {
        int c = namespace.compareTo(other.namespace);
        return c != 0 ? c : service.compareTo(other.service);
    }

    @Override
    public String toString() {
        return namespace + "/" + service;
    }
}
