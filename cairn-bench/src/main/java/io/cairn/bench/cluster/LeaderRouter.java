package io.cairn.bench.cluster;

import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.bench.BenchRequest;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * Where a partition-aware client would send a request: to the member that leads the partition of
 * the request's service ({@code /v1/services/{service}...}, namespace {@code default}), as the
 * partition table said when the router was made. Requests about no service go to the client's own
 * member (-1). A leadership that moves later only costs the request a forward.
 */
public final class LeaderRouter implements ToIntFunction<BenchRequest> {

    private static final String PREFIX = "/v1/services/";

    private final Partitioner partitioner;
    private final int[] leaderOf;

    LeaderRouter(Partitioner partitioner, int[] leaderOf) {
        this.partitioner = partitioner;
        this.leaderOf = leaderOf;
    }

    /** A router from member 0's partition table; every partition must have a leader. */
    public static LeaderRouter of(SpawnedCluster cluster) throws IOException, InterruptedException {
        ClusterPartitions table = cluster.partitions(0);
        int[] leaderOf = new int[table.partitions().size()];
        for (ClusterPartition p : table.partitions()) {
            leaderOf[p.partition()] = -1;
            for (int i = 0; i < cluster.size(); i++) {
                if (cluster.nodeId(i).equals(p.leader())) {
                    leaderOf[p.partition()] = i;
                }
            }
            if (leaderOf[p.partition()] < 0) {
                throw new IOException("partition " + p.partition() + " has no leader among the members: " + p.leader());
            }
        }
        return new LeaderRouter(new Partitioner(leaderOf.length), leaderOf);
    }

    @Override
    public int applyAsInt(BenchRequest request) {
        String uri = request.uri();
        if (!uri.startsWith(PREFIX)) {
            return -1;
        }
        int end = PREFIX.length();
        while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
            end++;
        }
        String service = URLDecoder.decode(uri.substring(PREFIX.length(), end), StandardCharsets.UTF_8);
        return leaderOf[partitioner.partitionOf(new ServiceKey("default", service))];
    }
}
