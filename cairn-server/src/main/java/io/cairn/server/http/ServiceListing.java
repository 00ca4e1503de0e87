package io.cairn.server.http;

import io.cairn.api.ServiceList;
import io.cairn.api.ServiceSummary;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.server.partition.PartitionRouter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A namespace's service list and its index, as {@code GET /v1/services} and the service-list
 * stream show them. The index is the sum of the revisions of every service of the namespace,
 * emptied ones included: each change in the namespace raises it, and nothing else does.
 */
record ServiceListing(long index, ServiceList list) {

    static ServiceListing of(PartitionRouter router, String namespace) {
        return of(router.allCatalogs(), namespace);
    }

    /** The listing of the given partitions only (the rest of a namespace lives elsewhere). */
    static ServiceListing ofPartitions(PartitionRouter router, String namespace, List<Integer> partitions) {
        List<PartitionCatalog> catalogs = new ArrayList<>();
        for (int p : partitions) {
            catalogs.add(router.catalogForListing(p));
        }
        return of(catalogs, namespace);
    }

    /** Parts of one namespace's listing (disjoint partitions) as one. */
    /** This listing with only the services {@code visible} accepts (same index). */
    ServiceListing only(java.util.function.Predicate<io.cairn.core.model.ServiceKey> visible) {
        List<ServiceSummary> kept = new ArrayList<>();
        for (ServiceSummary s : list.services()) {
            if (visible.test(new io.cairn.core.model.ServiceKey(list.namespace(), s.name()))) {
                kept.add(s);
            }
        }
        return new ServiceListing(index, new ServiceList(list.namespace(), kept));
    }

    static ServiceListing merge(String namespace, List<ServiceListing> parts) {
        long index = 0;
        List<ServiceSummary> services = new ArrayList<>();
        for (ServiceListing part : parts) {
            index += part.index();
            services.addAll(part.list().services());
        }
        services.sort(Comparator.comparing(ServiceSummary::name));
        return new ServiceListing(index, new ServiceList(namespace, services));
    }

    /** The listing over the given catalogs, one per partition. */
    static ServiceListing of(List<PartitionCatalog> catalogs, String namespace) {
        long index = 0;
        List<ServiceSummary> services = new ArrayList<>();
        for (PartitionCatalog c : catalogs) {
            for (ServiceState s : c.services()) {
                if (s.key().namespace().equals(namespace)) {
                    index += s.revision();
                    if (!s.isEmpty()) {
                        int[] byHealth = new int[Health.values().length];
                        for (Instance i : s.instances()) {
                            byHealth[i.health().ordinal()]++;
                        }
                        services.add(new ServiceSummary(s.key().service(), s.size(), s.revision(),
                                byHealth[Health.PASSING.ordinal()], byHealth[Health.WARNING.ordinal()],
                                byHealth[Health.CRITICAL.ordinal()]));
                    }
                }
            }
        }
        services.sort(Comparator.comparing(ServiceSummary::name));
        return new ServiceListing(index, new ServiceList(namespace, services));
    }
}
