package io.cairn.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Instances for tests: small valid ones, the largest the rules allow, and seeded random ones.
 * Every instance made here passes {@link InstanceRules#validate}, so a test that starts from one
 * changes exactly the field it is about.
 */
public final class SampleInstances {

    public static final ServiceKey WEB = new ServiceKey("default", "web");

    private SampleInstances() {
    }

    public static Instance of(ServiceKey key, String id) {
        return new Instance(key, id, "10.0.0.1", 8080, List.of(), Map.of(), Instance.DEFAULT_WEIGHT);
    }

    public static Instance of(String id) {
        return of(WEB, id);
    }

    /** The same instance with another port: a content change that keeps the id. */
    public static Instance withPort(Instance i, int port) {
        return new Instance(i.key(), i.id(), i.address(), port, i.tags(), i.meta(), i.weight());
    }

    public static Instance withTags(Instance i, List<String> tags) {
        return new Instance(i.key(), i.id(), i.address(), i.port(), tags, i.meta(), i.weight());
    }

    public static Instance withMeta(Instance i, Map<String, String> meta) {
        return new Instance(i.key(), i.id(), i.address(), i.port(), i.tags(), meta, i.weight());
    }

    public static Instance withAddress(Instance i, String address) {
        return new Instance(i.key(), i.id(), address, i.port(), i.tags(), i.meta(), i.weight());
    }

    public static Instance withWeight(Instance i, int weight) {
        return new Instance(i.key(), i.id(), i.address(), i.port(), i.tags(), i.meta(), weight);
    }

    /**
     * The largest instance the rules accept: every name at its length limit, a 253-character
     * host name, 64 tags of 128 characters, and metadata filling the 8 KiB total exactly, with
     * values of multi-byte UTF-8 characters.
     */
    public static Instance largest() {
        ServiceKey key = new ServiceKey("n".repeat(Limits.NAMESPACE_MAX), "S".repeat(Limits.SERVICE_MAX));
        String id = "i".repeat(Limits.INSTANCE_ID_MAX - 1) + "@";
        // Four labels of 63 and one dot each: 4 * 63 + 3 = 255 is too long, so 3 x 63 + 61.
        String host = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        List<String> tags = new ArrayList<>();
        for (int t = 0; t < Limits.TAGS_MAX; t++) {
            tags.add(String.format("%03d", t) + "\u00e9".repeat(Limits.TAG_MAX - 3));
        }
        // 8 keys of 128 ASCII bytes plus values of 896 bytes (448 two-byte characters): 8 x 1024 = 8192.
        Map<String, String> meta = new TreeMap<>();
        for (int m = 0; m < 8; m++) {
            meta.put(m + "k".repeat(Limits.META_KEY_MAX - 1), "\u00fc".repeat(448));
        }
        return new Instance(key, id, host, Limits.PORT_MAX, tags, meta, Limits.WEIGHT_MAX);
    }

    /** A valid instance of one of {@code services} services and {@code ids} ids, content drawn from a few values. */
    public static Instance random(Random random, int services, int ids) {
        ServiceKey key = new ServiceKey("ns" + random.nextInt(2), "svc-" + random.nextInt(services));
        String id = "i-" + random.nextInt(ids);
        List<String> tags = random.nextBoolean() ? List.of() : List.of("t" + random.nextInt(3), "blue");
        Map<String, String> meta = random.nextBoolean() ? Map.of() : Map.of("zone", "z\u00f6ne-" + random.nextInt(3));
        return new Instance(key, id, "10.0.0." + random.nextInt(3), 8000 + random.nextInt(3), tags, meta,
                random.nextInt(3) * 50);
    }
}
