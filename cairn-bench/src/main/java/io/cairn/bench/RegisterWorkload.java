package io.cairn.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.UUID;

/**
 * PUTs of instances over a fixed key space of {@code services x instancesPerService}, visited in
 * rotation: request {@code seq} registers key {@code seq mod keys}, so consecutive requests hit
 * different services (and so different partitions), and the first {@code keys} requests create
 * every instance exactly once.
 *
 * <p>Every later pass changes the instance's {@code version} metadata
 * ({@code 1.<generation>.<pass>}), so every request is a real change that takes a new revision
 * (an identical re-registration would be answered "unchanged", still after its Raft entry is
 * fsynced, but would not exercise the catalog's copy-on-write).
 * The catalog stays at {@code keys} instances however long the run, so memory is flat.
 *
 * <p>Instances look like real ones: a 36-character id, an address, two tags and two metadata
 * entries (about 150 bytes of JSON).
 */
public final class RegisterWorkload implements Workload {

    private final String servicePrefix;
    private final int services;
    private final int instancesPerService;
    private final int generation;
    private final long limit;

    /**
     * @param servicePrefix service names are this plus a 5-digit number
     * @param generation part of every version written; runs with different generations never
     *     write the content another left
     * @param limit requests after which the workload is exhausted ({@link Long#MAX_VALUE} for none)
     */
    public RegisterWorkload(String servicePrefix, int services, int instancesPerService, int generation, long limit) {
        this.servicePrefix = servicePrefix;
        this.services = services;
        this.instancesPerService = instancesPerService;
        this.generation = generation;
        this.limit = limit;
    }

    /** Each instance registered exactly once, then exhausted. */
    public static RegisterWorkload once(String servicePrefix, int services, int instancesPerService) {
        return new RegisterWorkload(servicePrefix, services, instancesPerService, 0,
                (long) services * instancesPerService);
    }

    public long keys() {
        return (long) services * instancesPerService;
    }

    /** The name of service number {@code index}. */
    public String serviceName(int index) {
        // Zero-padded to 5 digits like %05d, without a Formatter: this runs once per request on the
        // generator's cores, which the server shares.
        String digits = Integer.toString(index);
        return digits.length() >= 5 ? servicePrefix + digits : servicePrefix + "00000".substring(digits.length()) + digits;
    }

    @Override
    public BenchRequest request(long seq) {
        if (seq >= limit) {
            return null;
        }
        long key = seq % keys();
        long pass = seq / keys();
        int service = (int) (key % services);
        int instance = (int) (key / services);
        // A stable id per key: the same key in a later pass replaces the instance.
        String id = new UUID(0x5eedL << 48 | service, 0x1000L + instance).toString();
        int host = service * instancesPerService + instance;
        String body = "{\"address\":\"10." + ((host >>> 16) & 0xff) + '.' + ((host >>> 8) & 0xff) + '.' + (host & 0xff)
                + "\",\"port\":" + (8080 + instance % 16)
                + ",\"tags\":[\"http\",\"zone-" + (char) ('a' + service % 3) + "\"]"
                + ",\"meta\":{\"team\":\"team-" + (service % 50) + "\",\"version\":\"1." + generation + '.' + pass + "\"}"
                + ",\"weight\":100}";
        return new BenchRequest(HttpMethod.PUT, "/v1/services/" + serviceName(service) + "/instances/" + id,
                Buffer.buffer(body));
    }
}
