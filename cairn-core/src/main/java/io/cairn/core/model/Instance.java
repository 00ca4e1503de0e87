package io.cairn.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One registered endpoint of a service. Immutable.
 *
 * <p>The canonical constructor copies tags into an immutable list (order kept: it is the
 * owner's order) and metadata into an immutable map sorted by key, so equality is content
 * equality and the binary encoding is deterministic. It does not validate: callers that take
 * input from outside run {@link InstanceRules#validate} first.
 */
public record Instance(
        ServiceKey key,
        String id,
        String address,
        int port,
        List<String> tags,
        Map<String, String> meta,
        int weight,
        Liveness liveness,
        Health health) {

    public static final int DEFAULT_WEIGHT = 100;

    public Instance {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(health, "health");
        tags = tags == null || tags.isEmpty() ? List.of() : List.copyOf(tags);
        meta = canonicalMeta(meta);
    }

    /** A persistent, passing instance without checks. */
    public Instance(ServiceKey key, String id, String address, int port, List<String> tags, Map<String, String> meta,
            int weight) {
        this(key, id, address, port, tags, meta, weight, Liveness.PERSISTENT, Health.PASSING);
    }

    private static Map<String, String> canonicalMeta(Map<String, String> meta) {
        return SortedStringMap.copyOf(meta);
    }

    /** The same instance under another (equal) key object; lets the catalog share key strings. */
    public Instance withKey(ServiceKey sharedKey) {
        return sharedKey == key ? this : new Instance(sharedKey, id, address, port, tags, meta, weight, liveness, health);
    }

    /** The same instance with another health. */
    public Instance withHealth(Health newHealth) {
        return newHealth == health ? this : new Instance(key, id, address, port, tags, meta, weight, liveness, newHealth);
    }

    public boolean ephemeral() {
        return liveness.ephemeral();
    }
}
