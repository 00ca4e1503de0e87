package io.cairn.server.cluster;

import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartitions;
import io.cairn.core.cluster.ClusterMap;
import io.cairn.core.cluster.Member;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.raft.RaftNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What this node knows of the cluster: the metadata (from its own replica of the metadata group
 * when it holds one, else as last fetched from a member) and the partition table with each
 * partition's leader (from its own replicas where it holds them, which Ratis keeps current with
 * leader-change notifications, else as last fetched).
 *
 * <p>Threading: written by the controller thread or the view refresher, read by any thread;
 * every field is an immutable value behind a volatile reference.
 */
public final class ClusterView {

    private final RaftNode raft;
    private volatile ClusterMembers members;
    private volatile ClusterPartitions partitions;
    /** HTTP addresses of members, seeds first: where to ask when this node knows nothing better. */
    private volatile List<String> contacts;

    public ClusterView(RaftNode raft, List<String> seeds) {
        this.raft = raft;
        this.contacts = List.copyOf(seeds);
    }

    /** The cluster metadata from this node's replica of the metadata group, or null without one. */
    public ClusterMap map() {
        if (raft.holdsMeta()) {
            ClusterMap local = raft.meta().map();
            if (!local.members().isEmpty()) {
                return local;
            }
        }
        return null;
    }

    /** The HTTP address of a member, or null when unknown. */
    public String httpAddress(String nodeId) {
        if (nodeId == null) {
            return null;
        }
        ClusterMap map = map();
        Member m = map == null ? null : map.member(nodeId);
        if (m != null) {
            return m.httpAddress();
        }
        ClusterMembers known = members;
        if (known != null) {
            for (io.cairn.api.ClusterMember cm : known.members()) {
                if (cm.id().equals(nodeId)) {
                    return cm.http();
                }
            }
        }
        return null;
    }

    /**
     * The leader of a partition: this node's replica's knowledge when it holds one (current to
     * the last leader-change notification), else the last partition table fetched.
     */
    public String leaderOf(int partition) {
        PartitionGroup local = raft.replica(partition);
        if (local != null) {
            return local.leaderId();
        }
        ClusterPartitions table = partitions;
        if (table == null || partition >= table.partitions().size()) {
            return null;
        }
        return table.partitions().get(partition).leader();
    }

    /** The last member list known here (for answering without the metadata leader). */
    public ClusterMembers members() {
        return members;
    }

    public ClusterPartitions partitions() {
        return partitions;
    }

    void update(ClusterMembers membersAnswer, ClusterPartitions table) {
        if (membersAnswer != null) {
            members = membersAnswer;
        }
        if (table != null) {
            partitions = table;
        }
        ClusterMembers known = members;
        if (known != null) {
            Set<String> all = new LinkedHashSet<>();
            for (io.cairn.api.ClusterMember m : known.members()) {
                if (!"failed".equals(m.state())) {
                    all.add(m.http());
                }
            }
            all.addAll(contacts);
            contacts = List.copyOf(all);
        }
    }

    /** Member HTTP addresses to try, best first (members known from the metadata, then seeds). */
    public List<String> contacts() {
        return contacts;
    }

    /** The placement of a partition, or an empty list when unknown. */
    public List<String> placement(int partition) {
        ClusterMap map = map();
        if (map == null || map.placement() == null) {
            return List.of();
        }
        return map.placement().replicas(partition);
    }
}
