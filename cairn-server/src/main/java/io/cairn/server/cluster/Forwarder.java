package io.cairn.server.cluster;

import io.cairn.api.ServiceList;
import io.cairn.api.time.Ticker;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.partition.PartitionUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Sends a request about one service to the node that should serve it: the first handler of
 * every request. Requests about no single service (status, metrics, service lists, cluster
 * endpoints, heartbeat batches) pass through untouched.
 *
 * <p>Who serves: the partition's leader, known from this node's own replica (kept current by
 * Ratis's leader-change notifications) or else from the partition table the metadata leader
 * publishes. A read with {@code ?stale}, and a watch, are served by any local replica. Anything
 * else this node does not lead is forwarded as it came, with {@link PeerClient#FORWARDED_HEADER}
 * set; the answer is streamed back as it arrives (so watches and blocking reads work through a
 * forward). A node that receives a forwarded request it cannot serve answers 503 with the leader
 * it knows in {@code X-Cairn-Leader} instead of forwarding again, and the first node retries once
 * there. Forwarding never goes through Ratis's client retry loop.
 *
 * <p>One class past 400 lines because the steps of one request's journey share one order of
 * fallbacks and one view of the cluster: serve here, read a fresh follower replica, forward to
 * the leader, retry once where a 503 points, hold while the partition elects, answer 503. What
 * does not decide where a request goes lives beside it: which service a request is about
 * ({@link RequestKey}), copying a peer's answer back ({@link AnswerRelay}) and whether a follower
 * replica is fresh enough ({@link FollowerReads}).
 */
public final class Forwarder {

    /** On a 503 from a node that is not the leader: the HTTP address of the leader it knows. */
    public static final String LEADER_HEADER = "X-Cairn-Leader";
    /**
     * On every answer about one service (a single node's too): the service's partition, so that a client
     * can send its next request about the service straight to the partition's leader (which
     * {@code GET /v1/cluster/members} names) instead of through a node that forwards it.
     */
    public static final String PARTITION_HEADER = "X-Cairn-Partition";
    /** Set on a request that a local replica serves although this node does not lead the partition. */
    public static final String LOCAL_REPLICA = "cairn.local-replica";
    /**
     * Set on a default read that this node's follower replica serves once it has applied what the
     * leader had ({@link FollowerReads}): read the local replica, answer as the leader would.
     */
    public static final String FOLLOWER_READ = "cairn.follower-read";

    private final PartitionRouter router;
    private volatile ClusterView view;
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final Ticker ticker;
    private final PeerClient peers;
    private final String self;
    private final int maxBodyBytes;

    private final Duration streamIdle;
    private final FollowerReads followerReads;

    /**
     * @param watchKeepAlive how often an idle watch stream gets a keep-alive: twice it without a
     *     byte from the leader gives a forwarded stream up
     */
    public Forwarder(PartitionRouter router, ClusterView view, PeerClient peers, String self, int maxBodyBytes,
            Duration watchKeepAlive, Ticker ticker) {
        this.ticker = ticker;
        this.streamIdle = watchKeepAlive.multipliedBy(2).plusSeconds(5);
        this.router = router;
        this.view = view;
        this.peers = peers;
        this.self = self;
        this.maxBodyBytes = maxBodyBytes;
        this.followerReads = new FollowerReads(router, peers, self);
    }

    /** Gives the forwarder the cluster view once the node belongs (until then it serves locally or 503s). */
    public void attach(ClusterView clusterView) {
        this.view = clusterView;
    }

    /** The HTTP address of the partition's leader on another node, or null (unknown, or this node). */
    public String leaderAddress(int partition) {
        ClusterView v = view;
        if (v == null) {
            return null;
        }
        String leader = v.leaderOf(partition);
        return leader == null || leader.equals(self) ? null : v.httpAddress(leader);
    }

    /** One partition's part of a namespace's service list, as its holder answered it. */
    public record ListingPart(long index, ServiceList list) {
    }

    /**
     * Asks the leader of a partition this node does not hold for that partition's part of a
     * namespace's service list ({@code GET /v1/services?partition=P}).
     *
     * @param authorization the caller's {@code Authorization} value, so that the leader filters the
     *     part (and its index) by the caller's read rights; null sends this node's token (ACLs off,
     *     or a listing for the node itself)
     */
    public CompletableFuture<ListingPart> listPartition(int partition, String namespace, String authorization) {
        return listPartition(partition, namespace, authorization, -1, null);
    }

    /**
     * Like {@link #listPartition(int, String, String)}, as a blocking read when {@code index} is 0 or
     * more: the leader holds the answer until the partition's part of the namespace index moves
     * from {@code index} or {@code wait} ends ({@code &index=&wait=}). Cancelling the returned
     * future resets the request, so the leader stops holding it; it fails with
     * {@link PeerException} for an answer that is not 200, or with the I/O error.
     */
    public CompletableFuture<ListingPart> listPartition(int partition, String namespace, String authorization,
            long index, Duration wait) {
        String address = leaderAddress(partition);
        if (address == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("partition " + partition
                    + " has no leader that this node knows of"));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(PeerClient.FORWARDED_HEADER, self);
        if (authorization != null) {
            headers.add("Authorization", authorization);
        }
        peers.withNodeToken(headers);
        String uri = "/v1/services?partition=" + partition + "&ns=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
                + (index < 0 ? "" : "&index=" + index + "&wait=" + Math.max(1, wait.toMillis()) + "ms");
        Duration timeout = index < 0 ? LIST_TIMEOUT : wait.plus(wait.dividedBy(16)).plus(LIST_TIMEOUT);
        forwarded.increment();
        int colon = address.lastIndexOf(':');
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1))).setURI(uri).setHeaders(headers)
                .setIdleTimeout(timeout.toMillis());
        CompletableFuture<ListingPart> result = new CompletableFuture<>();
        (index < 0 ? peers.http() : peers.held()).request(options).onSuccess((HttpClientRequest request) -> {
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    request.reset();
                }
            });
            request.send().compose(response -> response.body().map(body -> new PeerClient.Answer(
                    response.statusCode(), response.headers(), body))).onComplete(done -> {
                        if (done.failed()) {
                            result.completeExceptionally(done.cause());
                        } else {
                            try {
                                result.complete(part(address, done.result()));
                            } catch (PeerException e) {
                                result.completeExceptionally(e);
                            }
                        }
                    });
        }).onFailure(result::completeExceptionally);
        return result;
    }

    /**
     * Starts reading one partition's part of an event stream ({@code uri}, a
     * {@code /v1/watch?partition=P...} request) from the partition's leader, for a stream of this
     * node to relay (see {@link StreamRelay}). Call on the event loop the sink belongs to. With
     * no known leader the sink hears {@link StreamRelay.Sink#ended} at once.
     *
     * @param authorization the client's {@code Authorization} header, so the leader serves the
     *     part the client may read; null for this node's own token
     */
    public StreamRelay relay(int partition, String uri, String authorization, StreamRelay.Sink sink) {
        String address = leaderAddress(partition);
        StreamRelay relay = new StreamRelay(peers, address, uri, self, authorization, streamIdle, sink);
        if (address == null) {
            sink.ended(new IllegalStateException("partition " + partition + " has no leader that this node knows of"));
            relay.close();
        } else {
            forwarded.increment();
            relay.start();
        }
        return relay;
    }

    private ListingPart part(String address, PeerClient.Answer answer) {
        if (answer.status() != 200) {
            throw new PeerException(address, answer.status(), answer.body().toString());
        }
        try {
            return new ListingPart(Long.parseLong(answer.headers().get("X-Cairn-Index")),
                    peers.mapper().readValue(answer.body().getBytes(), ServiceList.class));
        } catch (IOException | RuntimeException e) {
            throw new PeerException(address, answer.status(), "unreadable service list: " + e.getMessage());
        }
    }

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(5);

    /** The client this node calls its peers with. */
    public PeerClient peers() {
        return peers;
    }

    /** The Vert.x route handler. */
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        ServiceKey key = RequestKey.of(req);
        if (key == null || view == null) {
            ctx.next();
            return;
        }
        int p = router.partitionOf(key);
        if (router.leaderTerm(p) >= 0) {
            servedHere(ctx, p);
            return;
        }
        boolean watch = req.path().startsWith("/v1/watch/");
        if ((watch || req.params().contains("stale")) && router.holds(p) && !(watch && aheadOfReplica(req, key))) {
            ctx.put(LOCAL_REPLICA, Boolean.TRUE);
            servedHere(ctx, p);
            return;
        }
        if (!followerReadable(req) || !router.holds(p)) {
            toLeader(ctx, p, false);
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        fenceReplica(p).thenAccept(local -> context.runOnContext(v -> {
            if (ctx.response().closed() || ctx.response().ended()) {
                return;
            }
            if (local) {
                ctx.put(FOLLOWER_READ, Boolean.TRUE);
                servedHere(ctx, p);
            } else {
                toLeader(ctx, p, true);
            }
        }));
    }

    /** A request about partition {@code p} that this node answers itself: its answer names the partition. */
    private static void servedHere(RoutingContext ctx, int p) {
        ctx.response().putHeader(PARTITION_HEADER, Integer.toString(p));
        ctx.next();
    }

    /**
     * Whether a request is a default one-service read that a follower replica may answer after
     * {@link FollowerReads#fence}: a GET (or HEAD) without a body of {@code /v1/services/S},
     * {@code /v1/services/S/instances/I} or the Consul-compatible {@code /v1/catalog/service/S}, neither
     * {@code ?stale}, {@code ?consistent} nor blocking ({@code ?index}), that no other node has
     * forwarded. Everything else about a partition led elsewhere is forwarded.
     */
    private static boolean followerReadable(HttpServerRequest req) {
        if ((req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD)
                || req.getHeader(PeerClient.FORWARDED_HEADER) != null
                || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return false;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.trim().equals("0")) {
            return false;
        }
        MultiMap params = req.params();
        if (params.contains("stale") || params.contains("consistent") || params.contains("index")) {
            return false;
        }
        String path = req.path();
        if (path.startsWith("/v1/services/")) {
            int slash = path.indexOf('/', "/v1/services/".length());
            return slash < 0 || path.startsWith("/instances/", slash) && path.indexOf('/', slash + 11) < 0;
        }
        // Not the Consul-compatible health reads: their checks' outputs are the results of the
        // checks the partition's leader runs, which only it holds.
        return path.startsWith("/v1/catalog/service/");
    }

    /**
     * Sends a request about a partition this node does not lead to its leader (or holds it until
     * there is one), or answers 503 to a forwarded request it cannot serve either.
     *
     * @param bodiless the request is known to have no body ({@link #followerReadable}): its end
     *     may have been read already, after the wait for {@link FollowerReads}, so asking Vert.x
     *     for the body would not complete
     */
    private void toLeader(RoutingContext ctx, int p, boolean bodiless) {
        HttpServerRequest req = ctx.request();
        String leader = view.leaderOf(p);
        String address = leader == null || leader.equals(self) ? null : view.httpAddress(leader);
        if (req.getHeader(PeerClient.FORWARDED_HEADER) != null) {
            unavailable(ctx, p, address);
            return;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.length() < 12 && Long.parseLong(length.trim()) > maxBodyBytes) {
            ctx.next(); // the body handler answers 413 as on any node
            return;
        }
        long deadline = ticker.nanos() + HOLD.toNanos();
        if (bodiless) {
            toLeader(ctx, p, address, Buffer.buffer(), deadline);
        } else {
            req.body().onSuccess(body -> toLeader(ctx, p, address, body, deadline))
                    .onFailure(e -> unavailable(ctx, p, null));
        }
    }

    private void toLeader(RoutingContext ctx, int p, String address, Buffer body, long deadline) {
        if (address != null) {
            forward(ctx, p, address, body, deadline, 0);
        } else {
            redispatch(ctx, p, body, deadline, 0); // no leader known yet: hold the request for one
        }
    }

    /**
     * For a request this node began to serve as the partition's leader that then failed because
     * leadership moved or the replica went away ({@link PartitionUnavailableException#isLeaderElsewhere}):
     * sends it, with the body already read, to the partition's leader as soon as one is known, at
     * most {@link #HOLD} from now, so the client sees the answer instead of a 503. Returns false
     * (the caller answers 503) on a single node, for a request that was itself forwarded (its 503
     * then names the leader this node knows, and the first node follows that), for a
     * {@code POST} (not idempotent), or once the answer has begun.
     */
    public boolean retryElsewhere(RoutingContext ctx, PartitionUnavailableException failure) {
        HttpServerRequest req = ctx.request();
        if (view == null || !failure.isLeaderElsewhere() || ctx.response().headWritten()) {
            return false;
        }
        if (req.getHeader(PeerClient.FORWARDED_HEADER) != null) {
            // The hint tells the first node it may send the request again: not for a POST, which
            // may have been appended before leadership moved (a new leader may still commit it).
            String hint = req.method() == HttpMethod.POST ? null : leaderAddress(failure.partition());
            if (hint != null) {
                ctx.response().putHeader(LEADER_HEADER, hint);
            }
            return false;
        }
        boolean bodyRead = ctx.body() != null && ctx.body().available();
        boolean bodiless = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD
                || req.method() == HttpMethod.DELETE;
        if (req.method() == HttpMethod.POST || !(bodyRead || bodiless)) {
            return false;
        }
        Buffer body = bodyRead && ctx.body().buffer() != null ? ctx.body().buffer() : Buffer.buffer();
        redispatch(ctx, failure.partition(), body, ticker.nanos() + HOLD.toNanos(), 1);
        return true;
    }

    /**
     * Sends a held request to where its partition is led now: this node's own HTTP address when
     * it has become the leader (the request then comes back in as a forwarded one and is served
     * here), another node's when it is known; else tries again after {@link #RETRY_PAUSE} until
     * {@code deadline}, then answers 503.
     */
    private void redispatch(RoutingContext ctx, int p, Buffer body, long deadline, int attempt) {
        HttpServerResponse out = ctx.response();
        if (out.closed() || out.ended()) {
            return;
        }
        String target = router.leaderTerm(p) >= 0 ? view.httpAddress(self) : leaderAddress(p);
        if (target != null) {
            forward(ctx, p, target, body, deadline, attempt);
        } else {
            redispatchLater(ctx, p, body, deadline, attempt);
        }
    }

    /** {@link #redispatch} after {@link #RETRY_PAUSE}, or 503 when {@code deadline} has passed. */
    private void redispatchLater(RoutingContext ctx, int p, Buffer body, long deadline, int attempt) {
        if (ticker.nanos() - deadline >= 0) {
            unavailable(ctx, p, null);
            return;
        }
        held.increment();
        ctx.vertx().setTimer(RETRY_PAUSE.toMillis(), t -> redispatch(ctx, p, body, deadline, attempt + 1));
    }

    /**
     * For a request whose service is known only once its body or a lookup names it (the
     * Consul-compatible agent endpoints): sends it, as it came with {@code body}, to the leader of
     * the service's partition when that is another node, or answers 503 when no leader is known
     * (or the request was already forwarded once). Returns false when this node leads the
     * partition and should serve the request itself.
     */
    public boolean forwardElsewhere(RoutingContext ctx, ServiceKey key, Buffer body) {
        int p = router.partitionOf(key);
        if (router.leaderTerm(p) >= 0 || view == null) {
            return false;
        }
        String leader = view.leaderOf(p);
        String address = leader == null || leader.equals(self) ? null : view.httpAddress(leader);
        if (ctx.request().getHeader(PeerClient.FORWARDED_HEADER) != null || address == null) {
            unavailable(ctx, p, address);
            return true;
        }
        forward(ctx, p, address, body == null ? Buffer.buffer() : body, ticker.nanos() + HOLD.toNanos(), 0);
        return true;
    }

    /**
     * True when a one-service watch resumes from a revision this node's follower replica has not
     * applied yet (it trails its leader, or has not yet learned that the last entries were
     * committed when the leader died). Served here it would answer a reset to an older state,
     * which takes the watcher back in time; the partition's leader has every committed revision,
     * so the watch goes there (or is refused with 503 until there is one, and the client retries).
     */
    private boolean aheadOfReplica(HttpServerRequest req, ServiceKey key) {
        String since = req.getParam("since");
        if (since == null) {
            since = req.getHeader("Last-Event-ID");
        }
        if (since == null || since.isEmpty() || since.length() > 18 || !since.chars().allMatch(Character::isDigit)) {
            return false; // none, or malformed: the handler answers it
        }
        try {
            io.cairn.core.catalog.ServiceState state = router.readLocal(key);
            return Long.parseLong(since) > (state == null ? 0 : state.revision());
        } catch (io.cairn.server.partition.PartitionUnavailableException e) {
            return false; // the replica went away meanwhile: the handler answers as usual
        }
    }

    /**
     * For a default read this node does not lead (one service's, or a part of the service
     * listing): completes with true when this node's follower replica of {@code partition} has
     * applied what its leader had applied when asked ({@link FollowerReads}), so the replica may be
     * read as the leader would be; false when that cannot be said (no replica here, no leader
     * known, no answer, or the replica trails). Never fails.
     */
    public CompletableFuture<Boolean> fenceReplica(int partition) {
        String address = leaderAddress(partition);
        if (address == null || !router.holds(partition)) {
            return CompletableFuture.completedFuture(false);
        }
        return followerReads.fence(partition, address);
    }

    /** Default reads and questions of {@link FollowerReads}, for the metrics. */
    public FollowerReads followerReads() {
        return followerReads;
    }

    /** Requests this node forwarded to another node (retries included), for the metrics. */
    public long forwardedCount() {
        return forwarded.sum();
    }

    /**
     * Sends the request to {@code address} and relays the answer. Until {@code deadline}, a failure
     * to connect, and a 503 that is safe to send again (one naming the leader in
     * {@link #LEADER_HEADER}, which says the request was refused unapplied, or any 503 to a request
     * other than a {@code POST}), is not relayed but retried: the first retry at once at the leader
     * the 503 named, later ones after {@link #RETRY_PAUSE} at the leader known then.
     */
    private void forward(RoutingContext ctx, int p, String address, Buffer body, long deadline, int attempt) {
        forwarded.increment();
        HttpServerRequest req = ctx.request();
        HttpServerResponse out = ctx.response();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        AnswerRelay.copyEndToEnd(req.headers(), headers);
        headers.set(PeerClient.FORWARDED_HEADER, self);
        int colon = address.lastIndexOf(':');
        RequestOptions options = new RequestOptions().setMethod(req.method()).setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1))).setURI(req.uri()).setHeaders(headers)
                .setIdleTimeout(idleTimeout(req).toMillis());
        boolean idempotent = req.method() != HttpMethod.POST;
        peers.http().request(options).onSuccess((HttpClientRequest upstream) -> {
            out.closeHandler(v -> upstream.reset());
            upstream.send(body).onSuccess((HttpClientResponse answer) -> {
                String hint = answer.getHeader(LEADER_HEADER);
                // A 503 naming a leader was refused before it was applied: safe to send again.
                if (answer.statusCode() == 503 && (idempotent || hint != null) && ticker.nanos() - deadline < 0
                        && !out.closed()) {
                    answer.body().onComplete(ignored -> {
                        if (attempt == 0 && hint != null && !hint.equals(address)) {
                            forward(ctx, p, hint, body, deadline, attempt + 1);
                        } else {
                            redispatchLater(ctx, p, body, deadline, attempt);
                        }
                    });
                    return;
                }
                if (AnswerRelay.bounded(req)) {
                    AnswerRelay.whole(answer, out);
                } else {
                    AnswerRelay.streamed(answer, out);
                }
            }).onFailure(e -> {
                if (!out.headWritten()) {
                    unavailable(ctx, p, null);
                }
            });
        }).onFailure(e -> {
            // No connection, so nothing was sent: the node is down or refusing connections. Its
            // partitions get another leader within an election timeout; hold the request for it.
            redispatchLater(ctx, p, body, deadline, attempt);
        });
    }

    /**
     * How long a request for a partition with no leader in sight is held before it is answered
     * 503: elections and leadership transfers take well under it (the role of Consul's
     * {@code rpc_hold_timeout}), and it ends before the Java client's default 5 s call timeout, so
     * the client hears the 503 and its Retry-After rather than blaming its node for silence.
     */
    public static final Duration HOLD = Duration.ofSeconds(4);
    /** Between two looks for a held request's leader. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    /**
     * Runs {@code attempt}, and again every {@link #RETRY_PAUSE} (on {@code context}) while it
     * fails, until {@link #HOLD} has passed; then fails as the last attempt did. For a read that
     * needs parts of several partitions (the service listing), held while one of them has no
     * leader in sight as a request about one service is; the pauses count in {@link #heldCount}.
     */
    public <T> CompletableFuture<T> held(Context context, Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> out = new CompletableFuture<>();
        held(context, attempt, ticker.nanos() + HOLD.toNanos(), out);
        return out;
    }

    private <T> void held(Context context, Supplier<CompletableFuture<T>> attempt, long deadline,
            CompletableFuture<T> out) {
        attempt.get().whenComplete((value, e) -> {
            if (e == null) {
                out.complete(value);
            } else if (ticker.nanos() - deadline >= 0) {
                out.completeExceptionally(e);
            } else {
                held.increment();
                context.owner().setTimer(RETRY_PAUSE.toMillis(), t -> held(context, attempt, deadline, out));
            }
        });
    }

    /** Times a held request waited {@link #RETRY_PAUSE} for a leader, for the metrics. */
    public long heldCount() {
        return held.sum();
    }

    /** A write or plain read waits at most the write timeout and a margin. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(12);
    /** A blocking read is held up to its wait (at most 10 minutes, plus jitter). */
    static final Duration BLOCKING_TIMEOUT = Duration.ofMinutes(11);

    /**
     * How long a forwarded request may go without a byte from the leader before it is given up
     * (a 503 when nothing was relayed yet, else the client's connection is reset so it resumes
     * elsewhere): without it a leader cut off mid-request would hold the client forever. A watch
     * stream gets keep-alives at least every {@code watch-keepalive}, so twice that is silence.
     */
    private Duration idleTimeout(HttpServerRequest req) {
        if (req.path().startsWith("/v1/watch/")) {
            return streamIdle;
        }
        return req.params().contains("index") ? BLOCKING_TIMEOUT : REQUEST_TIMEOUT;
    }

    private void unavailable(RoutingContext ctx, int partition, String leaderAddress) {
        HttpServerResponse out = ctx.response();
        if (out.ended() || out.closed()) {
            return;
        }
        String known = leaderAddress != null ? leaderAddress : view.httpAddress(view.leaderOf(partition));
        if (known != null) {
            out.putHeader(LEADER_HEADER, known);
        }
        String message = known == null ? "partition " + partition + " has no leader that this node knows of; retry shortly"
                : "partition " + partition + " is led by " + known + ", not this node";
        out.setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.RETRY_AFTER, "1")
                .end("{\"error\":\"unavailable\",\"message\":\"" + message + "\",\"field\":null}");
    }

}
