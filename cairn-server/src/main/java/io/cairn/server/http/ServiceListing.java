package io.cairn.server.http;

import io.cairn.api.ServiceList;
import io.cairn.api.ServiceSummary;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.partition.PartitionRouter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A namespace's service list and its index, as {@code GET /v1/services} and the service-list
 * stream show them to one caller. The index is the sum of the revisions of every service of the
 * namespace the caller may read, emptied ones included: each change of such a service raises it,
 * and nothing else moves it, so a change of a service the caller may not read neither wakes its
 * reads nor shows in the number (docs/security.md, "What the numbers tell"). For a caller that
 * may read everything (or ACLs off) it is the sum over the whole namespace, the same on every
 * node.
 */
record ServiceListing(long index, ServiceList list) {

    /** @param visible the services the caller may read, or null for all */
    static ServiceListing of(PartitionRouter router, String namespace, Predicate<ServiceKey> visible) {
        return of(router.allCatalogs(), namespace, visible);
    }

    /** The listing of the given partitions only (the rest of a namespace lives elsewhere). */
    static ServiceListing ofPartitions(PartitionRouter router, String namespace, List<Integer> partitions,
            Predicate<ServiceKey> visible) {
        List<PartitionCatalog> catalogs = new ArrayList<>();
        for (int p : partitions) {
            catalogs.add(router.catalogForListing(p));
        }
        return of(catalogs, namespace, visible);
    }

    /** Parts of one namespace's listing (disjoint partitions, each already filtered) as one. */
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

    /** The listing over the given catalogs, one per partition; {@code visible} null shows all. */
    static ServiceListing of(List<PartitionCatalog> catalogs, String namespace, Predicate<ServiceKey> visible) {
        long index = 0;
        List<ServiceSummary> services = new ArrayList<>();
        for (PartitionCatalog c : catalogs) {
            for (ServiceState s : c.services()) {
                if (s.key().namespace().equals(namespace) && (visible == null || visible.test(s.key()))) {
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
