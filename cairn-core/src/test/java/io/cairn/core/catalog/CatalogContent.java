package io.cairn.core.catalog;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything observable in a catalog, as a value: two catalogs are interchangeable replicas
 * exactly when their contents are equal. {@link ServiceState} has no {@code equals} of its own.
 */
record CatalogContent(long revision, long listRevision, SortedMap<ServiceKey, Service> services) {

    record Service(long revision, List<Instance> instances) {
    }

    static CatalogContent of(PartitionCatalog catalog) {
        SortedMap<ServiceKey, Service> services = new TreeMap<>();
        for (ServiceState s : catalog.services()) {
            services.put(s.key(), new Service(s.revision(), List.copyOf(s.instances())));
        }
        return new CatalogContent(catalog.revision(), catalog.listRevision(), services);
    }
}
