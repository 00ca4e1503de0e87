package io.cairn.server.http;

import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InvalidFieldException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ?tag=}, {@code ?meta=key:value} and {@code ?passing} filters of a service read: an
 * instance passes when it has every tag and every metadata pair asked for, and, with
 * {@code passing}, when its health is passing.
 */
record InstanceFilter(List<String> tags, Map<String, String> meta, boolean passingOnly) {

    /**
     * @param passing the values of {@code passing}: none for no filter; {@code ?passing},
     *     {@code ?passing=true} or {@code ?passing=1} to filter, {@code false} or {@code 0} not to
     */
    static InstanceFilter parse(List<String> tags, List<String> metaPairs, List<String> passing) {
        if (passing.size() > 1) {
            throw new InvalidFieldException("passing", "must be given at most once");
        }
        boolean passingOnly = false;
        if (!passing.isEmpty()) {
            String p = passing.get(0);
            if (p.isEmpty() || p.equals("true") || p.equals("1")) {
                passingOnly = true;
            } else if (!(p.equals("false") || p.equals("0"))) {
                throw new InvalidFieldException("passing", "must be empty, true, false, 1 or 0, got '" + p + "'");
            }
        }
        Map<String, String> meta = new TreeMap<>();
        for (String pair : metaPairs) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new InvalidFieldException("meta", "a filter must be key:value, got '" + pair + "'");
            }
            meta.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return new InstanceFilter(List.copyOf(tags), meta, passingOnly);
    }

    /** True when the filter lets every instance through. */
    boolean isEmpty() {
        return tags.isEmpty() && meta.isEmpty() && !passingOnly;
    }

    boolean test(Instance instance) {
        if (passingOnly && instance.health() != Health.PASSING) {
            return false;
        }
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
