package io.cairn.server;

import io.cairn.api.time.Scheduler;
import io.cairn.api.time.Ticker;
import io.cairn.core.catalog.ChangeListeners;
import io.cairn.core.partition.Partitioner;
import io.cairn.server.acl.AccessControl;
import io.cairn.server.acl.AclBootstrap;
import io.cairn.server.acl.Secrets;
import io.cairn.server.cluster.ClusterNode;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.cluster.PeerClient;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.consul.ConsulApi;
import io.cairn.server.dns.DnsServer;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.console.ConsoleAssets;
import io.cairn.server.limit.ClientShares;
import io.cairn.server.http.ConnectionGuard;
import io.cairn.server.http.HttpApi;
import io.cairn.server.http.IoTransport;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.raft.RaftNode;
import io.cairn.server.storage.DataDirectory;
import io.cairn.server.tls.NodeTls;
import io.cairn.server.watch.WatchHub;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Cairn node. {@link #start()} opens the data directory, starts Raft, waits until every
 * local partition can serve, then opens the HTTP port; {@link #close()} undoes it in reverse.
 */
public final class CairnServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);
    /** The longest request line (method, path and query) accepted; documented in docs/api.md. */
    public static final int MAX_REQUEST_LINE_BYTES = 64 * 1024;
    public static final String VERSION = CairnServer.class.getPackage().getImplementationVersion() != null
            ? CairnServer.class.getPackage().getImplementationVersion() : "0.1.0-SNAPSHOT";

    private final ServerConfig config;
    private DataDirectory dataDirectory;
    private RaftNode raft;
    private PartitionRouter router;
    private WatchHub watches;
    private ExecutorService proposer;
    private final AtomicInteger proposerThreads = new AtomicInteger();
    private Vertx vertx;
    private final AtomicInteger httpPort = new AtomicInteger();
    private final AtomicInteger consulPort = new AtomicInteger();

    private final Ticker ticker;
    /** The health sweeper's timers, or null for its own thread. */
    private final Scheduler scheduler;
    private ClusterNode cluster;
    private PeerClient peers;
    private ScheduledExecutorService clusterThreads;
    private ExecutorService clusterSteps;
    private final AtomicInteger stepThreads = new AtomicInteger();
    private HealthMonitor health;
    private ServerMetrics metrics;
    private DnsServer dns;
    /** The initial management token's secret when this start made it (to show once), else null. */
    private String madeInitialToken;
    private NodeTls tls;

    public CairnServer(ServerConfig config) {
        this(config, Ticker.SYSTEM);
    }

    /** @param ticker the clock of TTLs and check timers; tests pass a manual one */
    public CairnServer(ServerConfig config, Ticker ticker) {
        this(config, ticker, null);
    }

    /**
     * A node on an injected time source: {@code ticker} for every reading of time,
     * {@code scheduler} (measuring by it) for the health sweeps that expire leases and
     * long-critical instances; tests pass a manual one (cairn-testkit's {@code ManualTicker} is
     * both) and advance it. Ratis (and its commit notices), Vert.x timers (checks, keep-alives, blocking reads) and the
     * cluster thread still wait on real time.
     *
     * @param scheduler null for a sweeper thread of the node's own (then {@code ticker} must be
     *     {@link Ticker#SYSTEM})
     */
    public CairnServer(ServerConfig config, Ticker ticker, Scheduler scheduler) {
        this.config = config;
        this.ticker = ticker;
        this.scheduler = scheduler;
    }

    /**
     * Starts the node and returns once it serves HTTP.
     *
     * @param readyTimeout how long to wait for every partition to elect its leader and replay its log
     */
    public CairnServer start(Duration readyTimeout) throws IOException {
        try {
            config.acl().checkBind(config.bind());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        String initialSecret = null;
        String nodeSecret = null;
        if (config.acl().enabled()) {
            if (config.acl().initialTokenFile() != null) {
                initialSecret = AclBootstrap.readSecret(config.acl().initialTokenFile());
            }
            if (config.acl().nodeTokenSource() != null) {
                nodeSecret = AclBootstrap.readSecret(config.acl().nodeTokenSource());
            }
        }
        dataDirectory = DataDirectory.open(config.dataDir(), config.partitions(), config.nodeId(),
                ServerConfig.DEFAULT_PARTITIONS);
        Partitioner partitioner = new Partitioner(dataDirectory.partitions());
        // Created before Raft: replaying the log at start already feeds the change histories.
        watches = new WatchHub(config.watch(), partitioner, ticker);
        health = new HealthMonitor(config.health(), ticker, scheduler, partitioner.partitions());
        tls = NodeTls.open(config.tls(), ticker);
        // Health first: when a watcher hears of a registration, its lease already exists.
        raft = new RaftNode(config, dataDirectory,
                p -> new ChangeListeners(List.of(health.listener(p), watches.listener(p))), tls.source());
        raft.start(false);
        clusterThreads = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cairn-cluster"));
        clusterSteps = Executors.newFixedThreadPool(4, r -> daemon(r, "cairn-cluster-step-" + stepThreads.incrementAndGet()));
        cluster = new ClusterNode(config.cluster(), raft, dataDirectory.partitions(), config.dataDir(), clusterThreads,
                clusterSteps, ticker);
        ClusterNode.Mode mode = cluster.prepare();
        proposer = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cairn-proposer-" + proposerThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        router = new PartitionRouter(raft, partitioner, Duration.ofSeconds(10), proposer, config.writeSlots(),
                config.cluster().replicatedWriteSlots(), ticker);
        if (mode == ClusterNode.Mode.ALONE) {
            // A node that forms its own cluster serves once every partition and the metadata
            // have a leader here; a joining node serves at once (others must reach it to add it).
            awaitReady(readyTimeout);
        }
        Secrets secrets = new Secrets(new SecureRandom());
        if (config.acl().enabled()) {
            if (mode == ClusterNode.Mode.ALONE && cluster.acl().hasNoTokens()) {
                // The node that forms a cluster gives it its first token, before it serves.
                if (initialSecret == null) {
                    initialSecret = secrets.newSecret();
                    madeInitialToken = initialSecret;
                }
                new AclBootstrap(cluster::acl, cluster::propose, initialSecret).run();
            } else if (mode == ClusterNode.Mode.MEMBER && initialSecret != null) {
                // A cluster formed by several nodes: whichever leads the metadata first makes it.
                AclBootstrap bootstrap = new AclBootstrap(cluster::acl, cluster::propose, initialSecret);
                clusterThreads.scheduleWithFixedDelay(() -> {
                    if (cluster.holdsMeta() && cluster.leadsMeta() && cluster.acl().hasNoTokens()) {
                        try {
                            bootstrap.run();
                        } catch (RuntimeException e) {
                            LOG.info("event=acl-bootstrap-retry error=\"{}\"", e.getMessage());
                        }
                    }
                }, 0, 1, TimeUnit.SECONDS);
            }
            if (nodeSecret == null) {
                nodeSecret = initialSecret;
            }
        }
        Transport transport = IoTransport.choose(config.ioTransport());
        vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(config.httpThreads()))
                .withTransport(transport).build();
        health.start(router, vertx);
        metrics = ServerMetrics.create(router, watches, health);
        peers = new PeerClient(vertx, tls, nodeSecret);
        Forwarder forwarder = new Forwarder(router, null, peers, dataDirectory.nodeId(), config.maxBodyBytes(),
                config.watch().heartbeat(), ticker);
        metrics.bindCluster(forwarder, raft::leaderChanges, raft::commitNoticesSent);
        AccessControl access = new AccessControl(config.acl().enabled(), cluster::acl, config.acl().dnsPolicy());
        if (config.dns().enabled()) {
            try {
                dns = new DnsServer(vertx, config.bind(), config.dns(), router, forwarder, peers, access::dns,
                        ticker).start();
                metrics.bindDns(dns::queries, dns::failures);
            } catch (IOException e) {
                close();
                throw e;
            }
        }
        HttpApi api = new HttpApi(router, watches, health, metrics, VERSION, dataDirectory.nodeId(),
                config.maxBodyBytes(), cluster, forwarder, dnsPort(),
                access, cluster::acl, secrets, tls::fromNode, config.clientLimits(), ticker)
                .console(ConsoleAssets.load(CairnServer.class.getClassLoader()))
                .withDialect(new ConsulApi(router, health, cluster, forwarder, ticker, dataDirectory.nodeId(), VERSION));
        ClientShares connections = new ClientShares(config.clientLimits().connectionsPerClient());
        HttpServerOptions options = tls.secure(new HttpServerOptions().setHost(config.bind()).setPort(config.httpPort())
                .setTcpNoDelay(true).setCompressionSupported(false)
                // Cairn serves no WebSockets: without these Vert.x puts a WebSocket extension
                // handler in every connection's pipeline, which every request and answer crosses.
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
                // A multi-service watch names up to 1000 services in its URL: room for them, on
                // HTTP/1.1 (request line) and HTTP/2 (header list) alike. Default: 4 KiB and 8 KiB.
                .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .setMaxHeaderSize(config.clientLimits().maxHeaderBytes())
                .setInitialSettings(new Http2Settings().setMaxHeaderListSize(MAX_REQUEST_LINE_BYTES
                        + config.clientLimits().maxHeaderBytes())));
        // Several verticle instances share the listening port: Vert.x spreads connections over
        // the event loops, so HTTP work uses every core.
        Future<String> deployed = vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                Router routes = api.routes(vertx);
                ConnectionGuard guard = new ConnectionGuard(vertx, config.httpTimeouts(), ticker, connections);
                Future<?> main = vertx.createHttpServer(ConnectionGuard.beforeFirstRequest(new HttpServerOptions(options),
                                config.httpTimeouts())).connectionHandler(guard::connected)
                        .requestHandler(guard.tracking(routes)).listen()
                        .onSuccess(s -> {
                            httpPort.compareAndSet(0, s.actualPort());
                            guard.start();
                        });
                if (config.consulPort() == null) {
                    return main;
                }
                // The same routes (native and Consul) on a second port, under the same guard.
                return main.compose(ignored -> vertx.createHttpServer(ConnectionGuard.beforeFirstRequest(
                                new HttpServerOptions(options).setPort(config.consulPort()), config.httpTimeouts()))
                        .connectionHandler(guard::connected).requestHandler(guard.tracking(routes)).listen()
                        .onSuccess(s -> consulPort.compareAndSet(0, s.actualPort())));
            }
        }, new DeploymentOptions().setInstances(config.httpThreads()));
        try {
            deployed.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("could not listen on " + config.bind() + ":" + config.httpPort() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        cluster.start(config.advertisedHost() + ":" + httpPort.get(), peers);
        forwarder.attach(cluster.view());
        LOG.info("event=started node={} tls={} http={}:{} raft-port={} partitions={} data-dir={} dns={} io={}", dataDirectory.nodeId(),
                tls.enabled() ? (config.tls().requireClientCerts() ? "on,client-certs-required" : "on") : "off",
                config.bind(), httpPort.get(), raft.raftPort(), dataDirectory.partitions(),
                config.dataDir().toAbsolutePath(), dns == null ? "off" : config.bind() + ":" + dns.port(),
                transport.name());
        return this;
    }

    private void awaitReady(Duration timeout) throws IOException {
        // Ratis elects on real time whatever ticker this node was given (a test's manual one
        // included), so the bound on its elections is real time too.
        long deadline = Ticker.SYSTEM.nanos() + timeout.toNanos();
        while (!router.allReady() || !raft.leadsMeta()) {
            if (Ticker.SYSTEM.nanos() > deadline) {
                throw new IOException("partitions did not elect leaders within " + timeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(20); // polling Ratis state at startup only; no hot path waits here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting", e);
            }
        }
    }

    /**
     * The initial management token's secret when this start made it (a cluster formed alone,
     * ACLs on, no {@code acl-initial-token-file}), for the caller to show once; else null.
     */
    public String madeInitialToken() {
        return madeInitialToken;
    }

    /** {@code https} when TLS is on, else {@code http}: the scheme of this node's API. */
    public String scheme() {
        return tls.scheme();
    }

    public int httpPort() {
        return httpPort.get();
    }

    /** The port of the second listener ({@code consul-port}), or 0 when there is none. */
    public int consulPort() {
        return consulPort.get();
    }

    /** The DNS port (UDP and TCP), or null when DNS is off. */
    public Integer dnsPort() {
        return dns == null ? null : dns.port();
    }

    public String nodeId() {
        return dataDirectory.nodeId();
    }

    public WatchHub watches() {
        return watches;
    }

    public PartitionRouter router() {
        return router;
    }

    /**
     * Starts leaving the cluster (docs/operations.md, "Removing a node"): completes with the
     * refusal (e.g. the last member), or null once the leave is recorded; {@link #drained()}
     * completes when the node holds nothing any more.
     */
    public CompletableFuture<String> leave() {
        return cluster.leaveSelf();
    }

    /** Completes once this node has left the cluster and holds no replica (see {@link #leave()}). */
    public CompletableFuture<Void> drained() {
        return cluster.drained();
    }

    public ClusterNode cluster() {
        return cluster;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public HealthMonitor health() {
        return health;
    }

    @Override
    public void close() throws IOException {
        if (clusterThreads != null) {
            clusterThreads.shutdownNow();
            clusterSteps.shutdownNow();
            clusterThreads = null;
        }
        if (health != null) {
            health.close();
            health = null;
        }
        if (dns != null) {
            dns.close();
            dns = null;
        }
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("event=http-close-failed error={}", e.toString());
            }
            vertx = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (raft != null) {
            raft.close();
            raft = null;
        }
        if (proposer != null) {
            proposer.shutdownNow();
            proposer = null;
        }
        LOG.info("event=stopped");
    }
}
