package io.cairn.server.cluster;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.JoinRequest;
import io.cairn.api.LocalGroup;
import io.cairn.api.LocalReport;
import io.cairn.api.time.Ticker;
import io.cairn.core.acl.AclTable;
import io.cairn.core.cluster.ClusterCodec;
import io.cairn.core.cluster.ClusterCommand;
import io.cairn.core.cluster.ClusterMap;
import io.cairn.core.cluster.Member;
import io.cairn.core.cluster.MemberState;
import io.cairn.server.config.ClusterSettings;
import io.cairn.server.raft.GroupAdmin;
import io.cairn.server.raft.RaftNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the cluster: how it comes to belong (forms one alone, bootstraps one with
 * others, or joins one), what it knows of the others ({@link ClusterView}), and, while it leads
 * the metadata group, the {@link Controller}.
 *
 * <p>Lifecycle: {@link #prepare} before the partitions are awaited (it may create groups),
 * {@link #start} once HTTP serves (joining needs the others to reach this node), {@link #close}.
 * Threading: joining, the view refresh and the controller rounds all run on the one scheduler
 * thread given; HTTP handlers call the public methods from event loops and get futures.
 *
 * <p>One class past 400 lines because it is the one owner of the node's membership state (how it
 * came to belong, whether it has joined, whether it is leaving, the last view it learned), which
 * joining, refreshing, leaving and the controller's rounds read and change on that one thread;
 * split, each part would need the others' state. The decisions themselves live apart: placement
 * steps in {@link Controller}, liveness in {@link MemberLiveness}, the view in {@link ClusterView}.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final Duration ROUND = Duration.ofSeconds(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** How the node came to be part of a cluster at this start. */
    public enum Mode {
        /** No join addresses and no cluster of its own yet: formed a cluster of one (or had one). */
        ALONE,
        /** Waits for, or has, a place in a cluster formed elsewhere (join addresses or a member file). */
        MEMBER
    }

    private final ClusterSettings settings;
    private final RaftNode raft;
    private final int partitions;
    private final MemberFile memberFile;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService steps;
    private final Ticker ticker;
    private final GroupAdmin admin;
    private ClusterView view;
    private PeerClient peers;
    private Controller controller;
    private String httpAddress;
    private volatile boolean joined;
    /** Completes once this node has left: it was asked to, holds no replica any more, and is removed. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Set once this node saw itself leaving (touched on the scheduler thread only). */
    private boolean leaving;
    private Mode mode;
    /** The access-control table last learned from a member, on a node without a metadata replica. */
    private volatile AclTable learnedAcl = AclTable.EMPTY;

    /**
     * @param scheduler the single thread that runs joining, view refreshes and controller rounds
     * @param steps threads for the controller's partition steps (they block on Ratis)
     */
    public ClusterNode(ClusterSettings settings, RaftNode raft, int partitions, Path dataDir,
            ScheduledExecutorService scheduler, ExecutorService steps, Ticker ticker) {
        this.admin = raft.groupAdmin();
        this.settings = settings;
        this.raft = raft;
        this.partitions = partitions;
        this.memberFile = new MemberFile(dataDir);
        this.scheduler = scheduler;
        this.steps = steps;
        this.ticker = ticker;
    }

    /**
     * Decides how this node belongs and, for a node that forms its own cluster, creates its
     * groups. Call after the Raft server started, before waiting for partitions.
     *
     * @throws IOException when the data directory cannot join: it holds a catalog of its own
     */
    public Mode prepare() throws IOException {
        boolean member = memberFile.exists();
        if (!member && settings.join().isEmpty()) {
            raft.formAlone();
            mode = Mode.ALONE;
        } else {
            if (!member && !raft.isEmpty()) {
                throw new IOException("this data directory holds a catalog of its own; a node with data cannot join"
                        + " another cluster (start it without --join, and let the others join it)");
            }
            mode = Mode.MEMBER;
        }
        return mode;
    }

    /** True once this node is a member of a formed cluster (at once for a node that formed it). */
    public boolean joined() {
        return joined;
    }

    public Mode mode() {
        return mode;
    }

    public ClusterView view() {
        return view;
    }

    public PeerClient peers() {
        return peers;
    }

    /**
     * Starts belonging: records this node in the metadata (forming node), or starts the join
     * loop; then the periodic view refresh and controller rounds.
     *
     * @param httpAddress this node's advertised {@code host:port} for HTTP
     * @param peerClient HTTP to other nodes (owned by the caller's Vert.x)
     */
    public void start(String httpAddress, PeerClient peerClient) {
        this.httpAddress = httpAddress;
        this.peers = peerClient;
        List<String> seeds = new ArrayList<>(memberFile.read());
        for (String s : settings.join()) {
            if (!seeds.contains(s)) {
                seeds.add(s);
            }
        }
        seeds.remove(httpAddress);
        this.view = new ClusterView(raft, seeds);
        this.controller = new Controller(raft, admin, peers, view, settings.memberGrace(), ticker, steps,
                this::localReport);
        if (mode == Mode.ALONE) {
            joinSelf();
        } else {
            scheduler.execute(() -> joinLoop(1));
        }
        scheduler.scheduleWithFixedDelay(this::round, ROUND.toMillis(), ROUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The forming node records itself in its own metadata group (harmless when it is there). */
    private void joinSelf() {
        ClusterMap map = raft.meta().map();
        Member me = map.member(raft.nodeId());
        if (me == null || !me.httpAddress().equals(httpAddress) || !me.raftAddress().equals(raftAddress())
                || me.state() == MemberState.FAILED) {
            String refusal = raft.submitMetaLocally(new ClusterCommand.Join(raft.nodeId(), httpAddress, raftAddress()))
                    .orTimeout(30, TimeUnit.SECONDS).join();
            if (!refusal.isEmpty()) {
                throw new IllegalStateException("this node could not record itself in its own cluster: " + refusal);
            }
        }
        if (raft.meta().map().members().size() > 1) {
            memberFile.write(addresses(raft.meta().map()));
        }
        joined = true;
    }

    private String raftAddress() {
        return raft.raftAddress();
    }

    /**
     * One attempt to join through the seeds (or to bootstrap with them); on failure, the next
     * attempt is scheduled with a doubled delay (at most 15 s). A refusal that retrying cannot
     * change (another partition count, a duplicate node id) is logged as an error and retried
     * less often, so an operator sees it and the node stays up to answer status.
     */
    private void joinLoop(int attempt) {
        if (scheduler.isShutdown()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        boolean done = false;
        if (mode == Mode.ALONE) {
            // This node bootstrapped the cluster in an earlier attempt: it records itself once
            // its new metadata group has elected it.
            if (raft.leadsMeta()) {
                joinSelf();
                done = true;
            } else {
                failures.add("the new metadata group has no leader yet");
            }
        } else if (settings.bootstrapExpect() > 1 && !memberFile.exists() && raft.isEmpty()) {
            done = bootstrap(failures);
        }
        if (!done) {
            done = joinThrough(view.contacts(), failures);
        }
        if (done) {
            joined = true;
            LOG.info("event=joined node={} attempts={}", raft.nodeId(), attempt);
            return;
        }
        long delay = Math.min(15_000, 1_000L << Math.min(attempt - 1, 4));
        LOG.warn("event=join-retry node={} attempt={} retry-in-ms={} reasons=\"{}\"", raft.nodeId(), attempt, delay,
                String.join("; ", failures));
        scheduler.schedule(() -> joinLoop(attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    private boolean joinThrough(List<String> contacts, List<String> failures) {
        JoinRequest req = new JoinRequest(raft.nodeId(), httpAddress, raftAddress(), partitions);
        for (String address : contacts) {
            try {
                ClusterMembers answer = peers.post(address, "/v1/cluster/join", req, ClusterMembers.class, CALL_TIMEOUT)
                        .get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                List<String> known = new ArrayList<>();
                for (ClusterMember m : answer.members()) {
                    known.add(m.http());
                }
                memberFile.write(known);
                view.update(answer, null);
                return true;
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof PeerException pe && pe.status() == 409) {
                    LOG.error("event=join-refused node={} by={} reason={}", raft.nodeId(), address, pe.body());
                }
                failures.add(address + ": " + describe(cause));
            }
        }
        return false;
    }

    /**
     * Bootstrapping: asks every seed what it is. When one already belongs to a cluster, the
     * caller joins through it. When this node and the seeds that answered number at least
     * {@code bootstrap-expect} and none belongs to a cluster, the one with the smallest id forms
     * the cluster alone and the others join it on their next attempt.
     */
    private boolean bootstrap(List<String> failures) {
        Set<String> seen = new TreeSet<>();
        seen.add(raft.nodeId());
        for (String address : view.contacts()) {
            try {
                LocalReport r = peers.get(address, "/v1/cluster/local", LocalReport.class, CALL_TIMEOUT)
                        .get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                if (r.member()) {
                    return false; // a cluster exists: join it
                }
                if (r.partitionCount() != partitions) {
                    failures.add(address + ": has " + r.partitionCount() + " partitions, this node " + partitions);
                    continue;
                }
                seen.add(r.node());
            } catch (Exception e) {
                failures.add(address + ": " + describe(e.getCause() != null ? e.getCause() : e));
            }
        }
        if (seen.size() < settings.bootstrapExpect()) {
            failures.add("bootstrap waits for " + settings.bootstrapExpect() + " nodes, sees " + seen);
            return false;
        }
        if (!seen.iterator().next().equals(raft.nodeId())) {
            failures.add("bootstrap: " + seen.iterator().next() + " forms the cluster");
            return false;
        }
        try {
            raft.formAlone();
            memberFile.write(List.of(httpAddress));
            mode = Mode.ALONE;
            LOG.info("event=cluster-bootstrapped node={} seen={}", raft.nodeId(), seen);
            failures.add("formed the cluster; recording this node once its metadata group has a leader");
        } catch (IOException | RuntimeException e) {
            failures.add("bootstrap failed: " + e);
        }
        return false;
    }

    private static String describe(Throwable e) {
        if (e instanceof PeerException pe) {
            return "answered " + pe.status() + " " + pe.body();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** A scheduler round: the controller when this node leads the metadata, else a view refresh. */
    private void round() {
        try {
            checkDrained();
            if (raft.leadsMeta()) {
                controller.round();
                ClusterMap map = raft.meta().map();
                if (map.members().size() > 1) {
                    memberFile.write(addresses(map));
                }
            } else if (joined) {
                refresh();
            }
        } catch (RuntimeException e) {
            LOG.warn("event=cluster-round-failed error={}", e.toString());
        }
    }

    /**
     * Completes {@link #drained()} once this node, having been asked to leave, holds no group
     * replica and is no longer a member (or is still listed as leaving with nothing left).
     */
    private void checkDrained() {
        if (!joined || drained.isDone()) {
            return;
        }
        String state = selfState();
        if ("leaving".equals(state)) {
            leaving = true;
        }
        if (leaving && (state == null || "leaving".equals(state)) && raft.localGroups().isEmpty()
                && !raft.storesPartitions()) {
            LOG.info("event=drained node={}", raft.nodeId());
            drained.complete(null);
        }
    }

    /** This node's state as the metadata (own replica) or the last member list says; null if absent. */
    private String selfState() {
        ClusterMap map = view.map();
        if (map != null) {
            Member me = map.member(raft.nodeId());
            return me == null ? null : me.state().name().toLowerCase(Locale.ROOT);
        }
        ClusterMembers known = view.members();
        if (known == null) {
            return "alive";
        }
        for (ClusterMember m : known.members()) {
            if (m.id().equals(raft.nodeId())) {
                return m.state();
            }
        }
        return null;
    }

    /**
     * Completes once this node has left the cluster (after {@link #leave} of this node): its
     * replicas and leaderships moved to the others and it holds nothing. The server then stops.
     */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    /** Asks the cluster to let this node leave, through the metadata leader wherever it is. */
    public CompletableFuture<String> leaveSelf() {
        if (holdsMeta()) {
            return leave(raft.nodeId());
        }
        String target = metaLeaderAddress();
        if (target == null && !view.contacts().isEmpty()) {
            target = view.contacts().get(0);
        }
        if (target == null) {
            return CompletableFuture.completedFuture("no member that holds the cluster metadata is known");
        }
        return peers.post(target, "/v1/cluster/leave", java.util.Map.of("node", raft.nodeId()), java.util.Map.class,
                CALL_TIMEOUT).handle((ok, e) -> e == null ? null : describe(e.getCause() != null ? e.getCause() : e));
    }

    /** Fetches the member list and partition table from the metadata leader (through any member). */
    private void refresh() {
        for (String address : candidates()) {
            try {
                ClusterMembers members = peers.get(address, "/v1/cluster/members", ClusterMembers.class, CALL_TIMEOUT)
                        .get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                ClusterPartitions table = peers.get(address, "/v1/cluster/partitions", ClusterPartitions.class,
                        CALL_TIMEOUT).get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                view.update(members, table);
                learnAcl(address);
                List<String> known = new ArrayList<>();
                for (ClusterMember m : members.members()) {
                    known.add(m.http());
                }
                if (known.size() > 1) {
                    memberFile.write(known);
                }
                return;
            } catch (Exception e) {
                // try the next member
            }
        }
    }

    /**
     * A node without a metadata replica learns the access-control table from a member that has
     * one, each round; until it has, it accepts no token (fail closed).
     */
    private void learnAcl(String address) throws Exception {
        if (raft.holdsMeta()) {
            return;
        }
        PeerClient.Answer answer = peers.send(io.vertx.core.http.HttpMethod.GET, address, "/v1/cluster/acl",
                io.vertx.core.MultiMap.caseInsensitiveMultiMap(), io.vertx.core.buffer.Buffer.buffer(), CALL_TIMEOUT)
                .get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        if (answer.status() == 200) {
            learnedAcl = ClusterCodec.decodeMap(answer.body().getBytes()).acl();
        }
    }

    /** Where to ask: the metadata leader when known, then every known member. */
    private List<String> candidates() {
        Set<String> out = new LinkedHashSet<>();
        String leader = view.httpAddress(raft.metaLeader());
        if (leader != null && !leader.equals(httpAddress)) {
            out.add(leader);
        }
        ClusterMembers known = view.members();
        if (known != null) {
            String metaLeader = view.httpAddress(known.metaLeader());
            if (metaLeader != null && !metaLeader.equals(httpAddress)) {
                out.add(metaLeader);
            }
        }
        for (String c : view.contacts()) {
            if (!c.equals(httpAddress)) {
                out.add(c);
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> addresses(ClusterMap map) {
        List<String> out = new ArrayList<>();
        for (Member m : map.members().values()) {
            out.add(m.httpAddress());
        }
        return out;
    }

    /** {@code GET /v1/cluster/local}. */
    public LocalReport localReport() {
        List<LocalGroup> groups = raft.localGroups();
        return new LocalReport(raft.nodeId(), httpAddress, raftAddress(), partitions, joined || memberFile.exists(),
                groups);
    }

    /** The HTTP address of the metadata leader, or null when this node knows none (or leads it). */
    public String metaLeaderAddress() {
        if (raft.leadsMeta()) {
            return null;
        }
        String local = view.httpAddress(raft.metaLeader());
        if (local != null) {
            return local;
        }
        ClusterMembers known = view.members();
        return known == null ? null : view.httpAddress(known.metaLeader());
    }

    /** True when this node answers cluster questions itself (it leads the metadata group). */
    public boolean leadsMeta() {
        return raft.leadsMeta();
    }

    /** The member list, on the metadata leader. */
    public ClusterMembers members() {
        ClusterMembers known = view.members();
        ClusterMap map = raft.meta().map();
        if (known != null && known.epoch() == map.epoch()) {
            return known;
        }
        List<ClusterMember> out = new ArrayList<>();
        for (Member m : map.members().values()) {
            out.add(new ClusterMember(m.id(), m.httpAddress(), m.raftAddress(), m.state().name().toLowerCase(Locale.ROOT),
                    m.id().equals(raft.nodeId()), List.of(), List.of()));
        }
        return new ClusterMembers(map.epoch(), raft.nodeId(), map.partitions(), map.replication(), out);
    }

    /** The partition table, on the metadata leader (null before its first round). */
    public ClusterPartitions partitions() {
        return view.partitions();
    }

    /**
     * Handles a join on a node that holds the metadata: checks it, then records it.
     *
     * @return the refusal (an HTTP 409 for the caller), or null once recorded
     */
    public CompletableFuture<String> join(JoinRequest req) {
        ClusterMap map = raft.meta().map();
        if (req.partitions() != map.partitions()) {
            return CompletableFuture.completedFuture("the joining node has " + req.partitions()
                    + " partitions and the cluster " + map.partitions() + "; the partition count of a cluster cannot differ");
        }
        Member known = map.member(req.id());
        if (known != null && known.state() == MemberState.ALIVE
                && (!known.raftAddress().equals(req.raft()) || !known.httpAddress().equals(req.http()))) {
            return CompletableFuture.completedFuture("node id '" + req.id() + "' is already a member at http "
                    + known.httpAddress() + ", raft " + known.raftAddress() + "; every node needs its own id");
        }
        return submit(new ClusterCommand.Join(req.id(), req.http(), req.raft()));
    }

    /** Starts a node's leave (its replicas move away, then it is removed); the refusal or null. */
    public CompletableFuture<String> leave(String nodeId) {
        return submit(new ClusterCommand.Leave(nodeId));
    }

    /**
     * Proposes a cluster command (access control's among them) to the metadata group, from any
     * thread: completes with the refusal, or null once applied.
     */
    public CompletableFuture<String> propose(ClusterCommand command) {
        return submit(command);
    }

    /**
     * The cluster's policies and tokens as this node knows them: its own replica of the
     * metadata when it holds one, else the table last learned from a member (empty before the
     * first refresh, so a node that knows no table accepts no token).
     */
    public AclTable acl() {
        if (raft.holdsMeta()) {
            return raft.meta().map().acl();
        }
        return learnedAcl;
    }

    /** This node's metadata replica's map in its binary form (for {@code GET /v1/cluster/acl}). */
    byte[] aclBytes() {
        return ClusterCodec.encode(raft.meta().map());
    }

    /**
     * Sends the command from the calling thread: both ways only hand it to Ratis, which appends
     * on its own threads, so a join, leave or token never queues behind the controller's
     * partition steps (which block on Ratis for up to their own timeout while a node's replicas
     * move, and would turn a request made meanwhile into a 503).
     */
    private CompletableFuture<String> submit(ClusterCommand command) {
        CompletableFuture<String> sent;
        try {
            sent = raft.leadsMeta() ? raft.submitMetaLocally(command) : admin.submitMeta(raft.metaPeers(), command);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.orTimeout(10, TimeUnit.SECONDS).thenApply(refusal -> refusal.isEmpty() ? null : refusal);
    }

    /** True when this node holds a replica of the metadata group and can take joins and leaves. */
    public boolean holdsMeta() {
        return raft.holdsMeta();
    }

    @Override
    public void close() {
        // the scheduler and step threads belong to the caller; nothing else to release
    }
}
