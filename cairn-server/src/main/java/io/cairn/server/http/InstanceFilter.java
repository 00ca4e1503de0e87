package io.cairn.server.http;

import io.cairn.core.model.Instance;
import io.cairn.core.model.InvalidFieldException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ?tag=} and {@code ?meta=key:value} filters of a service read: an instance passes
 * when it has every tag and every metadata pair asked for.
 */
record InstanceFilter(List<String> tags, Map<String, String> meta) {

    static InstanceFilter parse(List<String> tags, List<String> metaPairs) {
        Map<String, String> meta = new TreeMap<>();
        for (String pair : metaPairs) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new InvalidFieldException("meta", "a filter must be key:value, got '" + pair + "'");
            }
            meta.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return new InstanceFilter(List.copyOf(tags), meta);
    }

    /** True when the filter lets every instance through. */
    boolean isEmpty() {
        return tags.isEmpty() && meta.isEmpty();
    }

    boolean test(Instance instance) {
        for (String tag : tags) {
            if (!instance.tags().contains(tag)) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!e.getValue().equals(instance.meta().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
