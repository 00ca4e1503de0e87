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

    /*
     * Written out rather than left to the record's generated methods: a key is looked up in a
     * map per watch stream per change (a change to 1,000 streams is 2,000 lookups), and the
     * generated methods, reached through method handles, showed in the fan-out's profile. The
     * same definition as the generated ones: both fields, by value.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ServiceKey k && service.equals(k.service) && namespace.equals(k.namespace));
    }

    @Override
    public int hashCode() {
        return 31 * namespace.hashCode() + service.hashCode();
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
