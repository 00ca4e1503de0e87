package io.cairn.client;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a call about a service can go directly: the node leading the service's partition, so
 * that the call skips the forward a node that does not lead it would make (one hop and its CPU
 * less, on two nodes). Two things are learned, never computed: a service's partition from the
 * {@code X-Cairn-Partition} header of any answer about it, and each partition's leader from
 * {@code GET /v1/cluster/members}, whenever the client learns the members (its watches do every
 * {@link CairnClient#MEMBER_REFRESH}; {@link CairnClient#learnMembers()} on demand).
 *
 * <p>Only ever a shortcut: a leader that moved answers anyway (it forwards, as any node does), and
 * a leader that cannot be reached is forgotten until the members are learned again, the call
 * going on through the client's own endpoints. On a single node the leader of every partition is
 * the node itself, so routing changes nothing there.
 *
 * <p>Thread safe: the leaders are one array replaced whole; the partitions a concurrent map,
 * bounded at {@link #SERVICES_MAX} services (beyond, calls about new services take the usual way).
 */
final class PartitionLeaders {

    static final String PARTITION_HEADER = "X-Cairn-Partition";
    static final int SERVICES_MAX = 10_000;

    private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
    private volatile URI[] leaders = new URI[0];

    /** Takes each partition's leader from the members' answer: alive, reachable members only. */
    void learn(ClusterMembers members, String scheme) {
        URI[] next = new URI[Math.max(0, members.partitionCount())];
        for (ClusterMember m : members.members()) {
            if (!"alive".equals(m.state()) || !m.reachable() || m.led() == null || m.http() == null) {
                continue;
            }
            URI base = URI.create(scheme + m.http());
            for (int p : m.led()) {
                if (p >= 0 && p < next.length) {
                    next[p] = base;
                }
            }
        }
        leaders = next;
    }

    /** The base address of the node leading {@code service}'s partition, or null when either is unknown. */
    URI leaderOf(String service) {
        Integer p = partitionOf.get(service);
        URI[] known = leaders;
        return p == null || p >= known.length ? null : known[p];
    }

    /** Notes the partition an answer about {@code service} names, if it names one. */
    void noted(String service, HttpResponse<?> response) {
        noted(service, response.headers().firstValue(PARTITION_HEADER).orElse(null));
    }

    /** Notes the partition in an answer's {@code X-Cairn-Partition} value (null: none). */
    void noted(String service, String value) {
        if (value == null) {
            return;
        }
        int p;
        try {
            p = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return;
        }
        if (p >= 0 && (partitionOf.size() < SERVICES_MAX || partitionOf.containsKey(service))) {
            partitionOf.put(service, p);
        }
    }

    /** Forgets {@code leader} for every partition it led, until the members are learned again. */
    void unreachable(URI leader) {
        URI[] next = leaders.clone();
        for (int i = 0; i < next.length; i++) {
            if (leader.equals(next[i])) {
                next[i] = null;
            }
        }
        leaders = next;
    }
}
