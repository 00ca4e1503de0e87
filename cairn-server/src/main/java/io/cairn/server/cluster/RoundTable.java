package io.cairn.server.cluster;

import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.LocalGroup;
import io.cairn.api.LocalReport;
import io.cairn.api.ReplicaStatus;
import io.cairn.core.cluster.ClusterMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partitions as one {@link Controller} round's reports show them: each partition's leader
 * (the highest-term replica that reports itself a ready leader) and every replica's role and
 * applied index, for the round's decisions and for {@code GET /v1/cluster/partitions}.
 */
record RoundTable(Map<Integer, LocalGroup> leaders, Map<Integer, List<ReplicaStatus>> replicas) {

    static RoundTable of(ClusterMap map, Map<String, LocalReport> reports) {
        Map<Integer, LocalGroup> leaders = new HashMap<>();
        Map<Integer, Map<String, ReplicaStatus>> seen = new HashMap<>();
        for (LocalReport r : reports.values()) {
            for (LocalGroup g : r.groups()) {
                if (g.partition() < 0) {
                    continue;
                }
                seen.computeIfAbsent(g.partition(), k -> new TreeMap<>())
                        .put(r.node(), new ReplicaStatus(r.node(), g.role(), g.appliedIndex()));
                LocalGroup known = leaders.get(g.partition());
                if ("LEADER".equals(g.role()) && g.leaderReady() && (known == null || g.term() > known.term())) {
                    leaders.put(g.partition(), g);
                }
            }
        }
        Map<Integer, List<ReplicaStatus>> replicas = new HashMap<>();
        for (int p = 0; p < map.partitions(); p++) {
            Map<String, ReplicaStatus> byNode = seen.getOrDefault(p, Map.of());
            LocalGroup leader = leaders.get(p);
            Set<String> voters = new TreeSet<>(leader != null ? leader.peers() : byNode.keySet());
            List<ReplicaStatus> list = new ArrayList<>();
            for (String id : voters) {
                list.add(byNode.getOrDefault(id, new ReplicaStatus(id, "UNKNOWN", -1)));
            }
            replicas.put(p, list);
        }
        return new RoundTable(leaders, replicas);
    }

    LocalGroup leaderReport(int partition) {
        return leaders.get(partition);
    }

    String leaderOf(int partition) {
        LocalGroup g = leaders.get(partition);
        return g == null ? null : g.leader();
    }

    ClusterPartitions answer(ClusterMap map) {
        List<ClusterPartition> out = new ArrayList<>();
        for (int p = 0; p < map.partitions(); p++) {
            LocalGroup leader = leaders.get(p);
            out.add(new ClusterPartition(p, map.placement().replicas(p), replicas.get(p),
                    leader == null ? null : leader.leader(), leader == null ? 0 : leader.term()));
        }
        return new ClusterPartitions(map.epoch(), out);
    }
}
