package io.cairn.client;

import io.cairn.api.InstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One service as the cache holds it at one revision. Immutable, except for a memo of query
 * answers: the lists it hands out are unmodifiable and the same objects on every call, so a load
 * balancer can keep tables built from them until the service changes.
 *
 * <p>{@code held} is true while push-empty protection keeps this (non-empty) list because the
 * registry's latest state would leave the service without a passing instance and has not been
 * confirmed yet; {@code fromDisk} is true while the cache serves what it read from its directory
 * and has not heard from the registry since.
 */
public final class ServiceSnapshot {

    private final String namespace;
    private final String service;
    private final long revision;
    private final List<InstanceView> instances;
    private final List<InstanceView> passing;
    private final boolean held;
    private final boolean fromDisk;
    private final ConcurrentHashMap<InstanceQuery, List<InstanceView>> answers = new ConcurrentHashMap<>();

    ServiceSnapshot(String namespace, String service, long revision, List<InstanceView> instances, boolean held,
            boolean fromDisk) {
        this.namespace = namespace;
        this.service = service;
        this.revision = revision;
        this.instances = List.copyOf(instances);
        List<InstanceView> ok = new ArrayList<>(instances.size());
        for (InstanceView i : instances) {
            if (i.passing()) {
                ok.add(i);
            }
        }
        this.passing = ok.size() == instances.size() ? this.instances : List.copyOf(ok);
        this.held = held;
        this.fromDisk = fromDisk;
    }

    public String namespace() {
        return namespace;
    }

    public String service() {
        return service;
    }

    /** The registry's revision of the service this reflects (what a watch resumes from). */
    public long revision() {
        return revision;
    }

    /** Every instance, whatever its health, in the registry's order. */
    public List<InstanceView> instances() {
        return instances;
    }

    /** The instances whose health is {@code passing}. */
    public List<InstanceView> passing() {
        return passing;
    }

    /** The instances matching {@code query}; the same list object for the same query. */
    public List<InstanceView> matching(InstanceQuery query) {
        if (query.tags().isEmpty() && query.meta().isEmpty()) {
            return query.passingOnly() ? passing : instances;
        }
        List<InstanceView> answer = answers.get(query);
        if (answer == null) {
            List<InstanceView> out = new ArrayList<>();
            for (InstanceView i : instances) {
                if (query.matches(i)) {
                    out.add(i);
                }
            }
            answer = List.copyOf(out);
            // A memo, not a cache: bounded by the distinct queries an application makes.
            List<InstanceView> raced = answers.putIfAbsent(query, answer);
            answer = raced == null ? answer : raced;
        }
        return answer;
    }

    public boolean held() {
        return held;
    }

    public boolean fromDisk() {
        return fromDisk;
    }

    ServiceSnapshot withHeld(boolean h) {
        return h == held ? this : new ServiceSnapshot(namespace, service, revision, instances, h, fromDisk);
    }

    @Override
    public String toString() {
        return namespace + "/" + service + "@" + revision + " " + instances.size() + " instance(s), " + passing.size()
                + " passing" + (held ? ", held" : "") + (fromDisk ? ", from disk" : "");
    }
}
