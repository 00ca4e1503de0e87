package io.cairn.core.partition;

import io.cairn.core.model.ServiceKey;
import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;

/**
 * Maps a service to its partition: {@code partition = unsigned(XXH3-64(seed 0, UTF-8 bytes of
 * namespace + "/" + service)) mod partitions}. The separator cannot occur in either name, so
 * distinct keys never hash the same bytes.
 */
public final class Partitioner {

    private static final LongHashFunction XX3 = LongHashFunction.xx3();

    private final int partitions;

    public Partitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    /** The key's stable 64-bit hash (documented in docs/architecture.md). */
    public static long hash(ServiceKey key) {
        return XX3.hashBytes((key.namespace() + "/" + key.service()).getBytes(StandardCharsets.UTF_8));
    }

    public int partitionOf(ServiceKey key) {
        return (int) Long.remainderUnsigned(hash(key), partitions);
    }
}
