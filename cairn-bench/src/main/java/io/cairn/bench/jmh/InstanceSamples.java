package io.cairn.bench.jmh;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Instances shaped like the load generator's (a 36-character id, 2 tags, 2 metadata entries),
 * so the micro-benchmarks measure the same data the end-to-end ones send.
 */
final class InstanceSamples {

    private InstanceSamples() {
    }

    static ServiceKey service(int service) {
        return new ServiceKey("default", String.format("bench-svc-%05d", service));
    }

    /** Instance {@code instance} of {@code service}; {@code version} varies its metadata only. */
    static Instance instance(int service, int instance, int version) {
        int host = service * 16 + instance;
        return new Instance(service(service), new UUID(0x5eedL << 48 | service, 0x1000L + instance).toString(),
                "10." + ((host >>> 16) & 0xff) + '.' + ((host >>> 8) & 0xff) + '.' + (host & 0xff), 8080 + instance % 16,
                List.of("http", "zone-" + (char) ('a' + service % 3)),
                Map.of("team", "team-" + (service % 50), "version", "1.4." + version), 100);
    }
}
