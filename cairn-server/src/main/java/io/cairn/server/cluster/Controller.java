package io.cairn.server.cluster;

import io.cairn.api.LocalGroup;
import io.cairn.api.LocalReport;
import io.cairn.api.time.Ticker;
import io.cairn.core.cluster.ClusterCommand;
import io.cairn.core.cluster.ClusterMap;
import io.cairn.core.cluster.Member;
import io.cairn.core.cluster.MemberState;
import io.cairn.server.raft.GroupAdmin;
import io.cairn.server.raft.GroupAdminException;
import io.cairn.server.raft.RaftNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Raft groups follow the placement table, one safe step at a time. Runs a round every
 * second on the node that leads the metadata group (on the others a round only clears state).
 *
 * <p>A round: read every member's {@link LocalReport}; fail a member silent for longer than
 * {@code member-grace}, or bring back a failed one that reports again (one metadata change per
 * round, so each works from the table the previous one produced); keep the metadata group on up
 * to 5 alive members (3 when there are 3 or 4); then, per partition and in parallel, take one
 * step towards its placement: add a missing replica (created empty on its node, then added to
 * the group's configuration, which Ratis commits only once the new replica has caught up), or
 * else remove a replica the table no longer wants (after moving leadership off it), or else move
 * leadership to the preferred leader. A partition therefore never has fewer than a majority of
 * caught-up replicas: its configuration grows by one before it shrinks by one.
 *
 * <p>Every step is a compare-and-set on the group's configuration as its leader reported it, so
 * a round that works from a stale report changes nothing and the next round tries again. Steps
 * that fail (a node down, no leader) are logged once per round at DEBUG and retried.
 *
 * <p>Threading: {@link #round} runs on the cluster's single scheduler thread; partition steps run
 * on {@code steps} and the round waits for them, so rounds never overlap.
 *
 * <p>One class past 400 lines because a round is one procedure, read top to bottom: every step
 * decides from the same map and reports, and the order of the steps with their early returns (a
 * change of membership or of the metadata group ends the round; partitions step only after) is
 * what the first paragraph relies on. What a round only reports lives beside it: the partitions
 * ({@link RoundTable}) and the members ({@link RoundMembers}); so does liveness
 * ({@link MemberLiveness}).
 */
final class Controller {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    static final Duration REPORT_TIMEOUT = Duration.ofSeconds(1);
    private static final long STEP_TIMEOUT_SECONDS = 30;

    private final RaftNode raft;
    private final GroupAdmin admin;
    private final PeerClient peers;
    private final ClusterView view;
    private final MemberLiveness liveness;
    private final LastReports lastReports;
    private final ExecutorService steps;
    private final Supplier<LocalReport> selfReport;

    Controller(RaftNode raft, GroupAdmin admin, PeerClient peers, ClusterView view, Duration grace, Ticker ticker,
            ExecutorService steps, Supplier<LocalReport> selfReport) {
        this.raft = raft;
        this.admin = admin;
        this.peers = peers;
        this.view = view;
        this.liveness = new MemberLiveness(grace, ticker);
        this.lastReports = new LastReports(ticker);
        this.steps = steps;
        this.selfReport = selfReport;
    }

    /** One round; never throws (a failure is logged and the next round starts over). */
    void round() {
        if (!raft.leadsMeta()) {
            liveness.reset(); // a future term of ours starts counting silence afresh
            lastReports.reset();
            return;
        }
        try {
            ClusterMap map = raft.meta().map();
            if (map.placement() == null) {
                return;
            }
            Map<String, LocalReport> reports = gather(map);
            liveness.round(map.members().keySet(), reports.keySet());
            RoundTable table = RoundTable.of(map, reports);
            // the table the cluster routes by keeps a late member's last report (LastReports)
            view.update(RoundMembers.answer(map, reports, raft.nodeId()),
                    RoundTable.of(map, lastReports.withRecent(map.members().keySet(), reports)).answer(map));
            if (membership(map, reports)) {
                return;
            }
            if (metaGroup(map, reports)) {
                return;
            }
            partitions(map, reports, table);
            removeDrained(map, reports, table);
        } catch (RuntimeException e) {
            LOG.warn("event=controller-round-failed error={}", e.toString());
        }
    }

    /** Every alive or leaving member's report; an absent entry is a member that did not answer. */
    private Map<String, LocalReport> gather(ClusterMap map) {
        Map<String, CompletableFuture<LocalReport>> pending = new HashMap<>();
        String self = raft.nodeId();
        for (Member m : map.members().values()) {
            if (!m.id().equals(self)) {
                pending.put(m.id(), peers.get(m.httpAddress(), "/v1/cluster/local", LocalReport.class, REPORT_TIMEOUT)
                        .orTimeout(REPORT_TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS));
            }
        }
        Map<String, LocalReport> out = new HashMap<>();
        out.put(self, selfReport.get());
        for (Map.Entry<String, CompletableFuture<LocalReport>> e : pending.entrySet()) {
            try {
                LocalReport r = e.getValue().join();
                if (r.node().equals(e.getKey())) {
                    out.put(e.getKey(), r);
                }
            } catch (RuntimeException failed) {
                // unreachable this round: counted by lastSeen
            }
        }
        return out;
    }

    /** Fails a member silent beyond the grace period, or revives a failed one that reports. */
    private boolean membership(ClusterMap map, Map<String, LocalReport> reports) {
        List<String> alive = new ArrayList<>();
        map.alive().forEach(m -> alive.add(m.id()));
        for (String id : liveness.overdue(alive)) {
            if (!reports.containsKey(id) && map.alive().size() > 1) {
                LOG.warn("event=member-failed node={} silent-ms={}", id, liveness.silentMillis(id));
                propose(new ClusterCommand.Fail(id));
                return true;
            }
        }
        for (Member m : map.members().values()) {
            if (m.state() == MemberState.FAILED && reports.containsKey(m.id())) {
                LOG.info("event=member-returned node={}", m.id());
                propose(new ClusterCommand.Join(m.id(), m.httpAddress(), m.raftAddress()));
                return true;
            }
        }
        return false;
    }

    private void propose(ClusterCommand command) {
        String refusal = raft.submitMetaLocally(command).orTimeout(10, TimeUnit.SECONDS).join();
        if (!refusal.isEmpty()) {
            LOG.info("event=cluster-command-refused command={} reason=\"{}\"", command, refusal);
        }
    }

    /**
     * Keeps the metadata group on 5 alive members (3 with 3 or 4, all with 1 or 2): adds one
     * wanted member or removes one unwanted voter per round. A voter leaves the group only once
     * the metadata no longer counts it alive (failed after the grace period, or leaving), never
     * for a moment of silence: a node that restarts finds its replica where it left it.
     */
    private boolean metaGroup(ClusterMap map, Map<String, LocalReport> reports) {
        List<GroupAdmin.Peer> current = raft.metaPeers();
        Set<String> currentIds = ids(current);
        List<String> candidates = new ArrayList<>();
        for (String id : currentIds) { // keep today's voters first: fewer changes
            Member m = map.member(id);
            if (m != null && m.state() == MemberState.ALIVE) {
                candidates.add(id);
            }
        }
        for (Member m : map.alive()) {
            if (!candidates.contains(m.id()) && reports.containsKey(m.id())) {
                candidates.add(m.id());
            }
        }
        int size = candidates.size() >= 5 ? 5 : candidates.size() >= 3 ? 3 : candidates.size();
        List<String> wanted = candidates.subList(0, size);
        try {
            if (!wanted.contains(raft.nodeId()) && !wanted.isEmpty() && currentIds.contains(wanted.get(0))) {
                // This leader is leaving (or failed over in the metadata): hand the group on first.
                LOG.info("event=leader-move group=meta from={} to={}", raft.nodeId(), wanted.get(0));
                admin.transferLeader(GroupAdmin.META, current, wanted.get(0), 5_000);
                return true;
            }
            for (String id : wanted) {
                if (!currentIds.contains(id)) {
                    GroupAdmin.Peer peer = peer(map, id);
                    if (holds(reports.get(id), GroupAdmin.META)) {
                        LOG.info("event=meta-discard-stale node={}", id);
                        admin.removeReplica(GroupAdmin.META, peer);
                        return true;
                    }
                    LOG.info("event=meta-add node={}", id);
                    admin.createReplica(GroupAdmin.META, peer);
                    admin.setPeers(GroupAdmin.META, current, plus(current, peer));
                    return true;
                }
            }
            for (GroupAdmin.Peer p : current) {
                if (!wanted.contains(p.id()) && !p.id().equals(raft.nodeId()) && current.size() > 1) {
                    LOG.info("event=meta-remove node={}", p.id());
                    admin.setPeers(GroupAdmin.META, current, minus(current, p.id()));
                    if (reports.containsKey(p.id())) {
                        admin.removeReplica(GroupAdmin.META, p);
                    }
                    return true;
                }
            }
        } catch (GroupAdminException e) {
            LOG.info("event=meta-change-failed error=\"{}\"", e.getMessage());
            return true;
        }
        return false;
    }

    /** True when the report lists a replica of the group (a partition, or {@link GroupAdmin#META}). */
    private static boolean holds(LocalReport report, int group) {
        if (report == null) {
            return false;
        }
        for (LocalGroup g : report.groups()) {
            if (g.partition() == group) {
                return true;
            }
        }
        return false;
    }

    /** One step per partition towards its placement, partitions in parallel. */
    private void partitions(ClusterMap map, Map<String, LocalReport> reports, RoundTable table) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int p = 0; p < map.partitions(); p++) {
            int partition = p;
            LocalGroup leader = table.leaderReport(p);
            if (leader == null) {
                continue; // no leader: no configuration can change now
            }
            if (settled(map.placement().replicas(p), leader)) {
                continue; // a step would change nothing: no task, no thread woken
            }
            running.add(CompletableFuture.runAsync(() -> step(map, reports, partition, leader, table), steps));
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.info("event=partition-steps-unfinished error=\"{}\"", e.toString());
        }
    }

    /**
     * True when the group already has exactly the wanted replicas and the preferred one leads it:
     * then {@link #step} would add, remove and move nothing. A converged cluster (a single node
     * always) so wakes no step thread from one round to the next.
     */
    static boolean settled(List<String> wanted, LocalGroup leader) {
        return !wanted.isEmpty() && wanted.get(0).equals(leader.leader()) && leader.peers().size() == wanted.size()
                && leader.peers().containsAll(wanted);
    }

    private void step(ClusterMap map, Map<String, LocalReport> reports, int p, LocalGroup leader, RoundTable table) {
        List<String> wanted = map.placement().replicas(p);
        List<GroupAdmin.Peer> current = new ArrayList<>();
        for (String id : leader.peers()) {
            Member m = map.member(id);
            if (m == null) {
                return; // a voter the metadata does not know: leave the group alone
            }
            current.add(new GroupAdmin.Peer(id, m.raftAddress()));
        }
        Set<String> currentIds = ids(current);
        try {
            for (String id : wanted) {
                if (!currentIds.contains(id) && reports.containsKey(id)) {
                    GroupAdmin.Peer peer = peer(map, id);
                    if (holds(reports.get(id), p)) {
                        // A replica left from before this node was removed: its log is of an
                        // older configuration. Ratis would refuse (and close) a second one, so
                        // the stale one goes first and the next round adds a fresh one.
                        LOG.info("event=replica-discard-stale partition={} node={}", p, id);
                        admin.removeReplica(p, peer);
                        return;
                    }
                    LOG.info("event=replica-add partition={} node={}", p, id);
                    admin.createReplica(p, peer);
                    admin.setPeers(p, current, plus(current, peer));
                    return;
                }
            }
            for (GroupAdmin.Peer old : current) {
                if (!wanted.contains(old.id())) {
                    if (old.id().equals(leader.leader()) || old.id().equals(table.leaderOf(p))) {
                        String next = firstCaughtUp(wanted, old.id(), currentIds, reports, p, leader);
                        if (next != null) {
                            LOG.info("event=leader-move partition={} from={} to={} reason=replica-leaving", p,
                                    old.id(), next);
                            admin.transferLeader(p, current, next, 5_000);
                        }
                        return;
                    }
                    LOG.info("event=replica-remove partition={} node={}", p, old.id());
                    admin.setPeers(p, current, minus(current, old.id()));
                    if (reports.containsKey(old.id())) {
                        admin.removeReplica(p, old);
                    }
                    return;
                }
            }
            String preferred = wanted.get(0);
            // Only to a replica that has caught up: Ratis refuses writes while a transfer is under
            // way, and a transfer to a replica that is behind (one just back from a network cut)
            // would wait for it, refusing writes meanwhile, then time out.
            if (!preferred.equals(leader.leader()) && currentIds.contains(preferred)
                    && caughtUp(reports.get(preferred), p, leader)) {
                LOG.info("event=leader-move partition={} from={} to={} reason=preferred", p, leader.leader(), preferred);
                admin.transferLeader(p, current, preferred, 5_000);
            }
        } catch (GroupAdminException e) {
            LOG.info("event=partition-step-failed partition={} error=\"{}\"", p, e.getMessage());
        }
    }

    /**
     * Removes replicas that a node still holds but no group wants (left behind by a node that was
     * away while its replica was removed), and forgets leaving members that hold nothing.
     */
    private void removeDrained(ClusterMap map, Map<String, LocalReport> reports, RoundTable table) {
        for (LocalReport r : reports.values()) {
            for (LocalGroup g : r.groups()) {
                if (g.partition() < 0) {
                    continue;
                }
                LocalGroup leader = table.leaderReport(g.partition());
                if (leader != null && !leader.peers().contains(r.node())
                        && !map.placement().replicas(g.partition()).contains(r.node())) {
                    LOG.info("event=replica-discard partition={} node={}", g.partition(), r.node());
                    try {
                        admin.removeReplica(g.partition(), peer(map, r.node()));
                    } catch (GroupAdminException e) {
                        LOG.info("event=replica-discard-failed partition={} node={} error=\"{}\"", g.partition(),
                                r.node(), e.getMessage());
                    }
                }
            }
        }
        for (Member m : map.members().values()) {
            if (m.state() == MemberState.ALIVE) {
                continue;
            }
            boolean holds = ids(raft.metaPeers()).contains(m.id());
            for (int p = 0; p < map.partitions() && !holds; p++) {
                LocalGroup leader = table.leaderReport(p);
                holds = leader == null || leader.peers().contains(m.id());
            }
            LocalReport own = reports.get(m.id());
            if (!holds && (own == null || own.groups().isEmpty())) {
                LOG.info("event=member-removed node={} state={}", m.id(), m.state());
                propose(new ClusterCommand.Remove(m.id()));
                return;
            }
        }
    }

    private static GroupAdmin.Peer peer(ClusterMap map, String id) {
        return new GroupAdmin.Peer(id, map.member(id).raftAddress());
    }

    private static String firstCaughtUp(List<String> wanted, String not, Set<String> current,
            Map<String, LocalReport> reports, int partition, LocalGroup leader) {
        for (String id : wanted) {
            if (!id.equals(not) && current.contains(id) && caughtUp(reports.get(id), partition, leader)) {
                return id;
            }
        }
        return null;
    }

    /** Entries a replica may trail its leader by and still be handed leadership. */
    static final long CAUGHT_UP_ENTRIES = 16;

    /** True when the replica reported this round, and its applied index is close to the leader's. */
    private static boolean caughtUp(LocalReport report, int partition, LocalGroup leader) {
        if (report == null) {
            return false;
        }
        for (LocalGroup g : report.groups()) {
            if (g.partition() == partition) {
                return g.appliedIndex() >= leader.appliedIndex() - CAUGHT_UP_ENTRIES;
            }
        }
        return false;
    }

    private static Set<String> ids(List<GroupAdmin.Peer> peers) {
        Set<String> out = new LinkedHashSet<>();
        for (GroupAdmin.Peer p : peers) {
            out.add(p.id());
        }
        return out;
    }

    private static List<GroupAdmin.Peer> plus(List<GroupAdmin.Peer> peers, GroupAdmin.Peer extra) {
        List<GroupAdmin.Peer> out = new ArrayList<>(peers);
        out.add(extra);
        return out;
    }

    private static List<GroupAdmin.Peer> minus(List<GroupAdmin.Peer> peers, String id) {
        List<GroupAdmin.Peer> out = new ArrayList<>();
        for (GroupAdmin.Peer p : peers) {
            if (!p.id().equals(id)) {
                out.add(p);
            }
        }
        return out;
    }
}
