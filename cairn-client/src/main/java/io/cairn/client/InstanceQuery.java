package io.cairn.client;

import io.cairn.api.InstanceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which of a service's cached instances a lookup wants: those having every tag in {@code tags},
 * every {@code meta} pair, and, if {@code passingOnly}, health {@code passing}. Immutable; build
 * one once and reuse it (a {@link ServiceSnapshot} remembers each query's answer, keyed by it).
 */
public record InstanceQuery(List<String> tags, Map<String, String> meta, boolean passingOnly) {

    private static final InstanceQuery ALL = new InstanceQuery(List.of(), Map.of(), false);
    private static final InstanceQuery PASSING = new InstanceQuery(List.of(), Map.of(), true);

    public InstanceQuery {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
    }

    /** Every instance, whatever its health. */
    public static InstanceQuery all() {
        return ALL;
    }

    /** Instances whose health is {@code passing}. */
    public static InstanceQuery passing() {
        return PASSING;
    }

    public InstanceQuery withTag(String tag) {
        List<String> t = new ArrayList<>(tags);
        t.add(Objects.requireNonNull(tag, "tag"));
        return new InstanceQuery(t, meta, passingOnly);
    }

    public InstanceQuery withMeta(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new InstanceQuery(tags, m, passingOnly);
    }

    public boolean matches(InstanceView instance) {
        if (passingOnly && !instance.passing()) {
            return false;
        }
        if (!instance.tags().containsAll(tags)) {
            return false;
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!e.getValue().equals(instance.meta().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
