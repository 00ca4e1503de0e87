package io.cairn.server.consul;

import io.cairn.core.model.Check;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.server.health.CheckResult;
import io.cairn.server.health.HealthMonitor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Cairn instance looks in Consul's model (docs/consul.md, "Concepts"): the instance is a
 * service instance whose {@code ID} is the instance id, it lives on the node named by its
 * address, and its checks are named {@code service:<id>} (one check) or {@code service:<id>:<n>}
 * (several, from 1), as Consul names the checks it registers with a service. Maintenance mode is
 * the metadata key {@link #MAINTENANCE_KEY}, shown as Consul's {@code _service_maintenance:<id>}
 * critical check.
 *
 * <p>A check's status is the last result of that check where this node runs the checks (the
 * partition leader) and it agrees with the catalog; otherwise every check shows the instance's
 * health from the catalog, which is what {@code ?passing} filters on, so a view never
 * contradicts its own filter.
 */
final class ConsulView {

    /** The metadata key that holds the reason of a maintenance mode; hidden from Consul's {@code Meta}. */
    static final String MAINTENANCE_KEY = "consul-maintenance";

    /**
     * {@code CreateIndex}/{@code ModifyIndex} of entries: Cairn keeps revisions per service, not
     * per instance, and a service's revision in every entry would make an answer differ whenever
     * any instance of the service changed (a blocking read could not tell its own result
     * unchanged). The answer's {@code X-Consul-Index} is the index to use.
     */
    static final long NO_INDEX = 0;

    private final String datacenter;
    private final HealthMonitor health;

    ConsulView(String datacenter, HealthMonitor health) {
        this.datacenter = datacenter;
        this.health = health;
    }

    String datacenter() {
        return datacenter;
    }

    /** True when Consul would count the instance as passing: healthy and not in maintenance. */
    static boolean passing(Instance i) {
        return i.health() == Health.PASSING && !i.meta().containsKey(MAINTENANCE_KEY);
    }

    /** The worst status of the instance's checks as Consul shows them ({@code passing} with none). */
    static String status(Instance i) {
        return i.meta().containsKey(MAINTENANCE_KEY) ? "critical" : i.health().wireName();
    }

    static Map<String, String> meta(Instance i) {
        if (!i.meta().containsKey(MAINTENANCE_KEY)) {
            return i.meta();
        }
        Map<String, String> shown = new LinkedHashMap<>(i.meta());
        shown.remove(MAINTENANCE_KEY);
        return shown;
    }

    AgentService agentService(Instance i) {
        return new AgentService(i.id(), i.key().service(), i.tags(), meta(i), i.port(), i.address(),
                new ConsulWeights(i.weight(), i.weight()), false, datacenter, i.key().namespace(), NO_INDEX, NO_INDEX);
    }

    CatalogService catalogService(Instance i) {
        return new CatalogService("", i.address(), i.address(), datacenter, taggedAddresses(i.address()), Map.of(),
                i.id(), i.key().service(), i.tags(), i.address(), i.port(), meta(i),
                new ConsulWeights(i.weight(), i.weight()), false, i.key().namespace(), NO_INDEX, NO_INDEX);
    }

    ConsulNode node(String address) {
        return new ConsulNode("", address, address, datacenter, taggedAddresses(address), Map.of(), NO_INDEX, NO_INDEX);
    }

    /** Moves whenever what {@link #checks} shows could change without the catalog changing. */
    long checkResultChanges() {
        return health.checkResultChanges();
    }

    ServiceEntry entry(Instance i) {
        return new ServiceEntry(node(i.address()), agentService(i), checks(i));
    }

    /** The instance's checks in Consul's terms, the maintenance check last. */
    List<HealthCheck> checks(Instance i) {
        List<Check> defined = i.liveness().checks();
        List<HealthCheck> out = new ArrayList<>(defined.size() + 1);
        List<CheckResult> results = defined.isEmpty() ? null : health.checkResults(i.key(), i.id());
        if (results != null && results.size() == defined.size() && worst(results) != i.health()) {
            results = null; // the catalog has not caught up with the results yet: show the catalog
        }
        for (int n = 0; n < defined.size(); n++) {
            CheckResult r = results == null ? null : results.get(n);
            String status = r == null || r.status() == null ? i.health().wireName() : r.status().wireName();
            out.add(new HealthCheck(i.address(), checkId(i.id(), n, defined.size()),
                    "Service '" + i.key().service() + "' check", status, "", r == null ? "" : r.output(), i.id(),
                    i.key().service(), i.tags(), defined.get(n).type().wireName(), i.key().namespace(), NO_INDEX, NO_INDEX));
        }
        String reason = i.meta().get(MAINTENANCE_KEY);
        if (reason != null) {
            out.add(new HealthCheck(i.address(), "_service_maintenance:" + i.id(), "Service Maintenance Mode",
                    "critical", reason.isEmpty() ? "Maintenance mode is enabled for this service, but no reason was"
                            + " provided. This is a default message." : reason, "", i.id(), i.key().service(),
                    i.tags(), "maintenance", i.key().namespace(), NO_INDEX, NO_INDEX));
        }
        return out;
    }

    /** {@code service:<id>} for an only check, {@code service:<id>:<n>} (n from 1) for one of several. */
    static String checkId(String instanceId, int position, int count) {
        return count == 1 ? "service:" + instanceId : "service:" + instanceId + ":" + (position + 1);
    }

    private static Health worst(List<CheckResult> results) {
        Health worst = Health.PASSING;
        for (CheckResult r : results) {
            worst = worst.worst(r.status() == null ? Health.CRITICAL : r.status());
        }
        return worst;
    }

    private static Map<String, String> taggedAddresses(String address) {
        return Map.of("lan", address, "wan", address);
    }
}
