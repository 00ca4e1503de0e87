package io.cairn.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node finds and forms a cluster: the slice of {@link ServerConfig} that the cluster
 * package reads. With no {@code join} addresses the node is a cluster of one, as a single node
 * always was, and grows when others join it.
 *
 * @param advertise the host other nodes and clients use to reach this one; null means the bind address
 * @param join HTTP addresses ({@code host:port}) of existing members, tried in turn until one answers
 * @param bootstrapExpect form a brand-new cluster once this many members (this one included) see
 *     each other; 0 when the node joins an existing cluster or starts alone
 * @param replication replicas per partition (capped at the member count)
 * @param memberGrace how long a member may be unreachable before its replicas are re-created elsewhere
 * @param drain on SIGTERM, move this node's replicas and leaderships away before stopping
 * @param replicatedWriteSlots Raft entries of replicated partitions the node may have in flight at once
 */
public record ClusterSettings(String advertise, List<String> join, int bootstrapExpect, int replication,
        Duration memberGrace, boolean drain, int replicatedWriteSlots) {

    public static final int DEFAULT_REPLICATION = 3;
    public static final int MAX_REPLICATION = 7;

    public ClusterSettings {
        join = List.copyOf(Objects.requireNonNull(join, "join"));
        Objects.requireNonNull(memberGrace, "memberGrace");
        for (String address : join) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1 || !address.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("join must be HOST:PORT addresses separated by commas, got '"
                        + address + "'");
            }
        }
        if (bootstrapExpect < 0 || bootstrapExpect > 99) {
            throw new IllegalArgumentException("bootstrap-expect must be 1-99, got " + bootstrapExpect);
        }
        if (bootstrapExpect > 1 && join.isEmpty()) {
            throw new IllegalArgumentException("bootstrap-expect " + bootstrapExpect
                    + " needs --join listing the other members' HTTP addresses");
        }
        if (replication < 1 || replication > MAX_REPLICATION) {
            throw new IllegalArgumentException("replication must be 1-" + MAX_REPLICATION + ", got " + replication);
        }
        if (memberGrace.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("member-grace must be at least 1s, got " + memberGrace.toMillis() + "ms");
        }
        if (advertise != null && advertise.isBlank()) {
            advertise = null;
        }
    }

    /** A single node that forms its own cluster: no join addresses. */
    public static ClusterSettings defaults() {
        return new ClusterSettings(null, List.of(), 0, DEFAULT_REPLICATION, Duration.ofSeconds(30), false, 1);
    }

    public ClusterSettings withJoin(List<String> addresses, int expect) {
        return new ClusterSettings(advertise, addresses, expect, replication, memberGrace, drain, replicatedWriteSlots);
    }

    public ClusterSettings withMemberGrace(Duration value) {
        return new ClusterSettings(advertise, join, bootstrapExpect, replication, value, drain, replicatedWriteSlots);
    }
}
