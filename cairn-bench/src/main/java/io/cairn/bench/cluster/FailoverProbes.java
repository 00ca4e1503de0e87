package io.cairn.bench.cluster;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The pure choices of {@link Failover}: which service probes a partition, which member dies next. */
final class FailoverProbes {

    static final String PROBE_PREFIX = "failover-probe-";

    private FailoverProbes() {
    }

    /**
     * For each partition, the first service named {@code failover-probe-<n>} (in the default
     * namespace) whose key {@link Partitioner} maps to it.
     */
    static List<String> probeServices(int partitions) {
        Partitioner partitioner = new Partitioner(partitions);
        String[] found = new String[partitions];
        int missing = partitions;
        for (int n = 0; missing > 0; n++) {
            String name = PROBE_PREFIX + n;
            int p = partitioner.partitionOf(new ServiceKey("default", name));
            if (found[p] == null) {
                found[p] = name;
                missing--;
            }
        }
        return List.of(found);
    }

    /**
     * The member killed in {@code round}: in rotation ({@code round mod members}) without a
     * random source, else drawn from it.
     */
    static int victim(int round, int members, Random random) {
        return random == null ? round % members : random.nextInt(members);
    }

    /** The members other than {@code victim}, in order. */
    static List<Integer> survivors(int victim, int members) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            if (i != victim) {
                out.add(i);
            }
        }
        return out;
    }
}
