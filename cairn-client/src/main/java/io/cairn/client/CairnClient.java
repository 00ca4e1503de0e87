package io.cairn.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.ApiError;
import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.HeartbeatRequest;
import io.cairn.api.HeartbeatResult;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.CatalogExport;
import io.cairn.api.NodeStatus;
import io.cairn.api.ServiceInstances;
import io.cairn.api.ServiceList;
import io.cairn.api.WriteResult;
import io.cairn.api.time.Scheduler;
import io.cairn.api.time.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import io.cairn.api.tls.PemFiles;
import io.cairn.api.tls.TlsPolicy;
import io.cairn.api.tls.TlsSource;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Calls to the registry: blocking request/answer calls, and {@link #watch watches} that deliver a
 * service's changes as they happen. Thread safe; create one per application and {@link #close()}
 * it at the end. {@link Cairn} builds the cached, self-registering layer on top of it.
 *
 * <p>Several addresses: calls go to the {@link Endpoints#current() current} one; a call that
 * cannot reach it moves to the next address at once and tries it, each address once per call
 * (a {@code POST}, which is not idempotent, only when the connection was refused, so it never
 * runs twice). A registry that answers, even with an error status, is not failed over. In a
 * cluster, a blocking call about one service (register, deregister, read) goes first to the node
 * leading the service's partition once the client knows it ({@link PartitionLeaders}: learned
 * with the members, which watches refresh and {@link #learnMembers()} fetches), saving the forward
 * another node would make.
 *
 * <p>Threading: blocking calls run on the caller's thread. All watches of one client share one
 * daemon thread (started with the first watch, named {@code cairn-watch-HOST:PORT}) that calls
 * their listeners and runs their timers; their HTTP I/O runs on {@code java.net.http}'s own
 * threads. So a client with a thousand watches has one extra thread, not a thousand.
 *
 * <p>One class past 400 lines because it is the library's single entry point for calls: each
 * public method is a few lines that build one request and go through the same failover and the
 * same mapping of answers to results and typed errors. The watches' machinery is apart
 * ({@link SseWatch}, {@link ServiceSetWatch}), as is the cached layer ({@link Cairn}).
 */
public final class CairnClient implements AutoCloseable {

    public static final String DEFAULT_ADDRESS = "http://127.0.0.1:7470";

    private final Endpoints endpoints;
    private final Duration timeout;
    /** The token's secret sent with every request, or null. */
    private final String token;
    private final HttpClient http;
    /** The TLS files, or null without TLS. */
    private final PemFiles tls;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CairnClient.class);
    private final WatchOptions watchOptions;
    private final Ticker ticker;
    /** The injected timers, or null for the loop thread's own. */
    private final Scheduler scheduler;
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** The open watches, so that close() can end them; also guards the two fields below. */
    private final Set<SseWatch> watches = ConcurrentHashMap.newKeySet();
    /** Where calls about a service can go directly (learned with the members). */
    private final PartitionLeaders leaders = new PartitionLeaders();
    private ClientLoop watchLoop;
    /** The watch loop's thread, once started (read by {@link #onLoopThread()}). */
    private volatile Thread loopThread;
    private boolean closed;

    /**
     * @param address the registry's base URL, e.g. {@code http://127.0.0.1:7470}
     * @param timeout the limit for each call
     */
    public CairnClient(String address, Duration timeout) {
        this(address, timeout, WatchOptions.defaults());
    }

    /**
     * @param address the registry's base URL, e.g. {@code http://127.0.0.1:7470}
     * @param timeout the limit for each call, and for a watch's stream to start answering
     * @param watchOptions how watches reconnect
     */
    public CairnClient(String address, Duration timeout, WatchOptions watchOptions) {
        this(new Endpoints(List.of(address)), timeout, watchOptions);
    }

    /**
     * @param endpoints the registry's addresses (see the class comment for how they are used)
     * @param timeout the limit for each call, and for a watch's stream to start answering
     * @param watchOptions how watches reconnect
     */
    public CairnClient(Endpoints endpoints, Duration timeout, WatchOptions watchOptions) {
        this(endpoints, timeout, watchOptions, Ticker.SYSTEM, null);
    }

    /**
     * Like {@link #CairnClient(Endpoints, Duration, WatchOptions)} on an injected time source:
     * watch backoff, silence detection and member refreshes wait on {@code scheduler}, measured by
     * {@code ticker} (in tests a manual one; see {@code io.cairn.api.time}). The timeouts of HTTP
     * calls stay the HTTP client's, on the wall clock.
     *
     * @param scheduler the timers, or null for the client's loop thread's own (then {@code ticker}
     *     must be {@link Ticker#SYSTEM})
     */
    public CairnClient(Endpoints endpoints, Duration timeout, WatchOptions watchOptions, Ticker ticker,
            Scheduler scheduler) {
        this(endpoints, timeout, watchOptions, ticker, scheduler, null, null);
    }

    /**
     * Like {@link #CairnClient(Endpoints, Duration, WatchOptions, Ticker, Scheduler)} with a
     * token: every call and watch sends {@code Authorization: Bearer token} (a registry with ACLs
     * on needs one; docs/security.md). The token is never logged or put in an exception.
     *
     * @param token the token's secret, or null for none
     */
    public CairnClient(Endpoints endpoints, Duration timeout, WatchOptions watchOptions, Ticker ticker,
            Scheduler scheduler, String token) {
        this(endpoints, timeout, watchOptions, ticker, scheduler, null, token);
    }

    /** Like {@link #CairnClient(Endpoints, Duration, WatchOptions, Ticker, Scheduler, PemFiles, String)} without a token. */
    public CairnClient(Endpoints endpoints, Duration timeout, WatchOptions watchOptions, Ticker ticker,
            Scheduler scheduler, PemFiles tls) {
        this(endpoints, timeout, watchOptions, ticker, scheduler, tls, null);
    }

    /**
     * Like {@link #CairnClient(Endpoints, Duration, WatchOptions, Ticker, Scheduler)}, over TLS and
     * with a token (either may be null).
     *
     * @param tls the CA that signs the registry's certificates, and this client's certificate
     *     and key (or none); null for a client without TLS. With it, https addresses are verified
     *     against that CA and must be named in the node's certificate (TLS 1.2+, see
     *     {@code api.tls.TlsPolicy}), the client certificate is presented when a node asks, and
     *     the members this client learns are reached over https. The files are read now (a
     *     missing or unusable file fails here) and again when they change (rotation).
     * @param token the token's secret (sent as {@code Authorization: Bearer}), or null for none
     * @throws IllegalArgumentException when the TLS files cannot be used
     */
    public CairnClient(Endpoints endpoints, Duration timeout, WatchOptions watchOptions, Ticker ticker,
            Scheduler scheduler, PemFiles tls, String token) {
        this.token = token;
        this.tls = tls;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.scheduler = scheduler;
        this.watchOptions = Objects.requireNonNull(watchOptions, "watchOptions");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        if (tls != null) {
            try {
                TlsSource source = new TlsSource(tls, ticker, TlsSource.DEFAULT_CHECK_EVERY,
                        problem -> LOG.warn("event=tls-reload-failed {}", problem), done -> { });
                http.sslContext(source.sslContext()).sslParameters(TlsPolicy.clientParameters());
            } catch (IOException e) {
                throw new IllegalArgumentException("TLS files cannot be used: " + e.getMessage(), e);
            }
        }
        this.http = http.build();
    }

    public WriteResult register(String namespace, String service, String id, InstanceRequest instance) {
        return call("PUT", "/v1/services/" + enc(service) + "/instances/" + enc(id) + ns(namespace, '?'),
                instance, WriteResult.class, timeout, routeKey(namespace, service));
    }

    public WriteResult registerWithGeneratedId(String namespace, String service, InstanceRequest instance) {
        return call("POST", "/v1/services/" + enc(service) + "/instances" + ns(namespace, '?'), instance,
                WriteResult.class, timeout, routeKey(namespace, service));
    }

    public WriteResult deregister(String namespace, String service, String id) {
        return call("DELETE", "/v1/services/" + enc(service) + "/instances/" + enc(id) + ns(namespace, '?'),
                null, WriteResult.class, timeout, routeKey(namespace, service));
    }

    public InstanceView instance(String namespace, String service, String id) {
        return call("GET", "/v1/services/" + enc(service) + "/instances/" + enc(id) + ns(namespace, '?'), null,
                InstanceView.class, timeout, routeKey(namespace, service));
    }

    /**
     * A service's instances having every given tag and metadata pair.
     *
     * @param meta filters as {@code key -> value}
     */
    public ServiceInstances instances(String namespace, String service, List<String> tags, Map<String, String> meta) {
        return instances(namespace, service, tags, meta, -1, null);
    }

    private static List<String> filters(String namespace, List<String> tags, Map<String, String> meta) {
        List<String> query = new ArrayList<>();
        if (namespace != null) {
            query.add("ns=" + enc(namespace));
        }
        for (String t : tags) {
            query.add("tag=" + enc(t));
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            query.add("meta=" + enc(e.getKey() + ":" + e.getValue()));
        }
        return query;
    }

    /**
     * A blocking read (docs/api.md, "Blocking reads"): like
     * {@link #instances(String, String, List, Map)}, but if the service's revision is still
     * {@code index} the registry holds the answer until it changes or {@code wait} ends (plus up
     * to 1/16 at random). The answer's {@code revision()} is the index to pass next; it can be
     * lower than {@code index} (another node's index, or a restored registry): continue from it.
     *
     * @param index the revision the caller has, or negative for an immediate answer
     * @param wait how long the registry may hold the answer (at most 10 minutes), or null for its
     *     default of 60 s
     */
    public ServiceInstances instances(String namespace, String service, List<String> tags, Map<String, String> meta,
            long index, Duration wait) {
        List<String> query = filters(namespace, tags, meta);
        Duration limit = timeout;
        if (index >= 0) {
            query.add("index=" + index);
            Duration held = wait == null ? Duration.ofSeconds(60) : wait;
            if (wait != null) {
                query.add("wait=" + wait.toMillis() + "ms");
            }
            // The registry may hold the answer for the wait plus 1/16 of jitter; then the usual limit.
            limit = timeout.plus(held).plus(held.dividedBy(16));
        }
        String q = query.isEmpty() ? "" : "?" + String.join("&", query);
        return call("GET", "/v1/services/" + enc(service) + q, null, ServiceInstances.class, limit,
                routeKey(namespace, service));
    }

    /** Renews ephemeral instances (docs/api.md, "Heartbeats"); at most 10,000 per call. */
    public HeartbeatResult heartbeat(HeartbeatRequest request) {
        return call("PUT", "/v1/heartbeat", request, HeartbeatResult.class);
    }

    /**
     * {@link #heartbeat} without blocking: the future completes on an HTTP thread with the
     * answer, or with {@link RegistryUnreachableException} or {@link CairnClientException}.
     */
    public CompletableFuture<HeartbeatResult> heartbeatAsync(HeartbeatRequest request) {
        return callAsync("PUT", "/v1/heartbeat", request, HeartbeatResult.class);
    }

    /** {@link #register} without blocking; see {@link #heartbeatAsync} for how it completes. */
    public CompletableFuture<WriteResult> registerAsync(String namespace, String service, String id,
            InstanceRequest instance) {
        return callAsync("PUT", "/v1/services/" + enc(service) + "/instances/" + enc(id) + ns(namespace, '?'),
                instance, WriteResult.class);
    }

    /** A service's instances without blocking (for the cache's confirmation reads). */
    CompletableFuture<ServiceInstances> instancesAsync(String namespace, String service) {
        return callAsync("GET", "/v1/services/" + enc(service) + ns(namespace, '?'), null, ServiceInstances.class);
    }

    /**
     * The whole catalog, every namespace ({@code GET /v1/export}), gathered by the node from every
     * partition's leader; see {@link CatalogExport} for what it holds.
     */
    public CatalogExport export() {
        return call("GET", "/v1/export", null, CatalogExport.class);
    }

    public ServiceList services(String namespace) {
        return call("GET", "/v1/services" + ns(namespace, '?'), null, ServiceList.class);
    }

    /**
     * Watches one service: its state, then each change as it happens, delivered to
     * {@code listener} on this client's watch thread (see {@link WatchListener} for the order and
     * threading). Returns at once; the connection is made in the background, and the watch keeps
     * itself connected (jittered exponential backoff, resuming after {@link Watch#lastRevision()})
     * until it is closed, the registry refuses it for good, or this client is closed.
     *
     * @param namespace the namespace, or null for {@code default}
     * @param since the revision the caller already has, to get only the changes after it (or a
     *     reset state if the registry no longer has them); negative to start with the whole state
     */
    public Watch watch(String namespace, String service, long since, WatchListener listener) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(listener, "listener");
        String path = "/v1/watch/services/" + enc(service) + ns(namespace, '?');
        ServiceWatch watch;
        synchronized (watches) {
            if (closed) {
                throw new IllegalStateException("the client is closed");
            }
            watch = new ServiceWatch(http, token, endpoints, path, timeout, json, watchLoop(), watchOptions, since, listener,
                    watches::remove);
            watches.add(watch);
        }
        watch.start();
        return watch;
    }

    /**
     * A stream for many services of one namespace ({@code GET /v1/watch?service=...}), to which
     * {@link ServiceSetWatch#add services are added} as they are needed (package use: {@link Cairn}).
     */
    ServiceSetWatch watchSet(String namespace) {
        synchronized (watches) {
            if (closed) {
                throw new IllegalStateException("the client is closed");
            }
            ServiceSetWatch set = new ServiceSetWatch(http, token, endpoints, namespace, timeout, json, watchLoop(),
                    watchOptions, watches::remove);
            watches.add(set);
            return set;
        }
    }

    /**
     * The single thread that runs every watch's listener calls and timers, started with the first
     * watch. Guarded by {@code watches}.
     */
    private ClientLoop watchLoop() {
        if (watchLoop == null) {
            String name = "cairn-watch-" + endpoints.all().get(0).getAuthority();
            ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                loopThread = t;
                // A forgotten client must not keep the application from exiting.
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy()); // after close(), late HTTP callbacks are dropped
            loop.setRemoveOnCancelPolicy(true);
            loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            loop.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
            watchLoop = new ClientLoop(loop, ticker, scheduler);
            watchLoop.execute(this::refreshMembers);
        }
        return watchLoop;
    }

    public NodeStatus status() {
        return call("GET", "/v1/status", null, NodeStatus.class);
    }

    /** The cluster's members ({@code GET /v1/cluster/members}), from any node. */
    public ClusterMembers members() {
        return call("GET", "/v1/cluster/members", null, ClusterMembers.class);
    }

    /** The cluster's partition table ({@code GET /v1/cluster/partitions}), from any node. */
    public ClusterPartitions partitions() {
        return call("GET", "/v1/cluster/partitions", null, ClusterPartitions.class);
    }

    /**
     * Asks a member to leave the cluster: its replicas and leaderships move to the others, then
     * it is removed (and a node that is asked to leave stops once drained).
     *
     * @param node the node id, or null for the node this client is talking to
     */
    public void leave(String node) {
        call("POST", "/v1/cluster/leave", node == null ? Map.of() : Map.of("node", node), Map.class);
    }

    /**
     * Learns the cluster's member addresses from any node and adds them to this client's
     * {@link Endpoints}, so that it can move to a node it was not given when its own nodes die.
     * Watches do this by themselves (when they start, then every {@link #MEMBER_REFRESH}).
     *
     * @return how many addresses were new
     */
    public int learnMembers() {
        ClusterMembers members = members();
        leaders.learn(members, scheme());
        return endpoints.learn(aliveAddresses(members, scheme()));
    }

    private String scheme() {
        return tls != null ? "https://" : "http://";
    }

    /** How often a client with watches refreshes the member list. */
    public static final Duration MEMBER_REFRESH = Duration.ofSeconds(30);

    private static List<String> aliveAddresses(ClusterMembers members, String scheme) {
        List<String> out = new ArrayList<>();
        for (ClusterMember m : members.members()) {
            if (!"failed".equals(m.state())) {
                out.add(scheme + m.http());
            }
        }
        return out;
    }

    /**
     * On the watch loop: learn the members without blocking it, and come back after
     * {@link #MEMBER_REFRESH}; a failure waits for the next round.
     */
    private void refreshMembers() {
        callAsync("GET", "/v1/cluster/members", null, ClusterMembers.class)
                .thenAccept(m -> {
                    leaders.learn(m, scheme());
                    endpoints.learn(aliveAddresses(m, scheme()));
                });
        watchLoop.schedule(MEMBER_REFRESH, this::refreshMembers);
    }

    /** The access-control endpoints ({@code /v1/acl}): policies and tokens, with the admin right. */
    public AclAdmin acl() {
        return new AclAdmin(this);
    }

    /** One call with failover over the endpoints; the answer as {@code type}, or the registry's error. */
    <T> T call(String method, String path, Object body, Class<T> type) {
        return call(method, path, body, type, timeout);
    }

    private <T> T call(String method, String path, Object body, Class<T> type, Duration limit) {
        return call(method, path, body, type, limit, null);
    }

    /**
     * A call about one service ({@code service} from {@link #routeKey}, or null for none): first to
     * the leader of the service's partition when {@link PartitionLeaders} knows it, else (or when
     * that leader cannot be reached) with failover over the endpoints.
     */
    private <T> T call(String method, String path, Object body, Class<T> type, Duration limit, String service) {
        byte[] encoded = encode(body);
        URI leader = service == null ? null : leaders.leaderOf(service);
        if (leader != null) {
            try {
                return send(method, leader, path, encoded, type, limit, service);
            } catch (IOException e) {
                leaders.unreachable(leader);
                if (!mayRetry(method, e)) {
                    throw unreachable(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnreachableException("interrupted while calling " + leader, e);
            }
        }
        IOException last = null;
        URI tried = null;
        for (int attempt = 0; attempt < endpoints.size(); attempt++) {
            URI base = endpoints.current();
            if (base.equals(tried)) {
                break; // another caller failed over meanwhile and we are back where we began
            }
            tried = attempt == 0 ? base : tried;
            try {
                return send(method, base, path, encoded, type, limit, service);
            } catch (IOException e) {
                last = e;
                endpoints.failed(base);
                if (!mayRetry(method, e)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnreachableException("interrupted while calling " + base, e);
            }
        }
        throw unreachable(last);
    }

    /** One attempt at {@code base}; an answer about {@code service} (if not null) teaches its partition. */
    private <T> T send(String method, URI base, String path, byte[] body, Class<T> type, Duration limit,
            String service) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request(method, base.resolve(path), body, limit),
                HttpResponse.BodyHandlers.ofByteArray());
        if (service != null) {
            leaders.noted(service, response);
        }
        return answer(response, type);
    }

    /** Like {@link #call}, without blocking: the next address is tried from the HTTP thread. */
    private <T> CompletableFuture<T> callAsync(String method, String path, Object body, Class<T> type) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            attemptAsync(method, path, encode(body), type, 0, result);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private <T> void attemptAsync(String method, String path, byte[] body, Class<T> type, int attempt,
            CompletableFuture<T> result) {
        URI base = endpoints.current();
        http.sendAsync(request(method, base.resolve(path), body, timeout), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, error) -> {
                    if (error == null) {
                        try {
                            result.complete(answer(response, type));
                        } catch (IOException | RuntimeException e) {
                            result.completeExceptionally(e instanceof IOException io ? unreachable(io) : e);
                        }
                        return;
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    IOException io = cause instanceof IOException e ? e : new IOException(cause);
                    endpoints.failed(base);
                    if (attempt + 1 < endpoints.size() && mayRetry(method, io)) {
                        attemptAsync(method, path, body, type, attempt + 1, result);
                    } else {
                        result.completeExceptionally(unreachable(io));
                    }
                });
    }

    private byte[] encode(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private HttpRequest request(String method, URI uri, byte[] body, Duration limit) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(limit);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }

    /**
     * The answer as {@code type}, or the registry's error. An answer that is not Cairn's (an
     * error without Cairn's JSON error body, or a success whose body does not parse) means the
     * address is not a Cairn node: it is reported as such, like an address that cannot be
     * reached, rather than as a registry error with an empty message.
     */
    private <T> T answer(HttpResponse<byte[]> response, Class<T> type) throws IOException {
        int status = response.statusCode();
        if (status >= 400) {
            ApiError error = error(json, status, response.body());
            if (error.error() == null || error.error().startsWith("http_")) {
                throw new ForeignAnswerException(status + " without Cairn's JSON error");
            }
            throw new CairnClientException(status, error);
        }
        try {
            return json.readValue(response.body(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ForeignAnswerException(status + " with a body that is not Cairn's JSON");
        }
    }

    /** Idempotent calls may go to the next address after any I/O failure; a POST only if it never left. */
    private static boolean mayRetry(String method, IOException e) {
        return !"POST".equals(method) || e instanceof java.net.ConnectException;
    }

    private RegistryUnreachableException unreachable(IOException e) {
        String where = endpoints.size() == 1 ? "the registry at " + endpoints.all().get(0)
                : "any registry of " + endpoints;
        return new RegistryUnreachableException("cannot reach " + where + ": "
                + (e == null ? "no address left to try" : describe(e)), e);
    }

    /** The registry's error body, or a stand-in when the body is not one (e.g. from a proxy). */
    static ApiError error(ObjectMapper json, int status, byte[] body) {
        try {
            return json.readValue(body, ApiError.class);
        } catch (IOException e) {
            return new ApiError("http_" + status, new String(body, StandardCharsets.UTF_8), null);
        }
    }

    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
                return "the host name could not be resolved";
            }
        }
        if (e instanceof ForeignAnswerException f) {
            return "it answered, but does not look like a Cairn node (" + f.getMessage() + ")";
        }
        if (e instanceof java.net.ProtocolException || (e.getMessage() != null
                && (e.getMessage().contains("status line") || e.getMessage().contains("HTTP/1.1 header parser")))) {
            // A gRPC (HTTP/2-only) listener such as Cairn's Raft port, or another protocol:
            // its bytes are not worth printing.
            return "it does not speak HTTP/1.1 as a Cairn node does (is it the Raft port? the HTTP API is on 7470 "
                    + "by default)";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The key a service's partition is remembered under. */
    private static String routeKey(String namespace, String service) {
        return (namespace == null ? "default" : namespace) + '/' + service;
    }

    private static String ns(String namespace, char sep) {
        return namespace == null ? "" : sep + "ns=" + enc(namespace);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The address calls go to now. */
    public URI address() {
        return endpoints.current();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The single thread of this client's watches and timers (package use: {@link Cairn}). */
    ClientLoop loop() {
        synchronized (watches) {
            if (closed) {
                throw new IllegalStateException("the client is closed");
            }
            return watchLoop();
        }
    }

    boolean onLoopThread() {
        return Thread.currentThread() == loopThread;
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * Closes every open watch and stops the watch thread. Blocking calls in progress finish
     * normally; java.net.http's own threads end when the HttpClient is collected (it has no
     * close() before Java 21).
     */
    @Override
    public void close() {
        List<SseWatch> open;
        ClientLoop loop;
        synchronized (watches) {
            closed = true;
            open = new ArrayList<>(watches);
            loop = watchLoop;
        }
        open.forEach(SseWatch::close);
        if (loop != null) {
            // Queued work (the watches' release of their connections) still runs; timers do not.
            loop.shutdown();
        }
    }
}
