package io.cairn.client;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.time.Scheduler;
import io.cairn.api.time.Ticker;
import io.cairn.client.balance.Failover;
import io.cairn.client.balance.FailoverPolicy;
import io.cairn.client.balance.LoadBalancer;
import io.cairn.api.tls.PemFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Cairn client library's front door: register this application's instances and keep them
 * alive, discover other services from a local cache that watches keep current, and call them
 * through a load balancer with failover. Build one per application with {@link #builder()},
 * share it between threads, and {@link #close()} it at shutdown (which deregisters).
 *
 * <pre>{@code
 * try (Cairn cairn = Cairn.builder().addresses("http://10.0.0.1:7470", "http://10.0.0.2:7470")
 *         .cacheDirectory(Path.of("/var/cache/myapp/cairn")).build()) {
 *     cairn.register("greeter", new InstanceRequest("10.0.0.7", 8080, List.of(), Map.of(), 100));
 *     Failover greeter = cairn.failover("greeter", LoadBalancer.powerOfTwoChoices(), FailoverPolicy.defaults());
 *     String hello = greeter.call(instance -> get("http://" + instance.address() + ":" + instance.port()));
 * }
 * }</pre>
 *
 * <p>Lookups: the first lookup of a service subscribes to it (a watch) and waits up to
 * {@link Builder#initialWait} for its first state (or serves at once the copy in the cache
 * directory); every later lookup reads memory: no network, no lock, no allocation. While the
 * registry is unreachable lookups go on answering the last state, and {@link #staleness()} says
 * for how long it has not been confirmed. See {@link ServiceCache} for push-empty protection.
 *
 * <p>Threads: one, named {@code cairn-watch-HOST:PORT}, started on first use: it runs every
 * watch's callbacks, the cache updates, the heartbeat rounds and the timers, whatever the number
 * of services. HTTP I/O runs on {@code java.net.http}'s threads (its HttpClient starts a selector
 * thread when built). Building does no I/O; there is no static state.
 */
public final class Cairn implements AutoCloseable {

    private final CairnClient client;
    private final String namespace;
    private final Duration initialWait;
    private final boolean pushEmptyProtection;
    private final Duration emptyConfirmation;
    private final Ticker ticker;
    private final CacheStore store;
    private final Registrar registrar;
    private final ConcurrentHashMap<String, ServiceCache> caches = new ConcurrentHashMap<>();
    /** The shared watch streams, each carrying up to 1000 services; the last one takes new ones. Guarded by itself. */
    private final List<ServiceSetWatch> streams = new ArrayList<>();
    private volatile boolean closed;

    private Cairn(Builder b) {
        this.client = new CairnClient(new Endpoints(b.addresses), b.timeout, b.watchOptions, b.ticker, b.scheduler,
                b.tls, b.token);
        this.namespace = b.namespace;
        this.initialWait = b.initialWait;
        this.pushEmptyProtection = b.pushEmptyProtection;
        this.emptyConfirmation = b.emptyConfirmation;
        this.ticker = b.ticker;
        this.store = b.cacheDirectory == null ? null : new CacheStore(b.cacheDirectory, client.json());
        this.registrar = new Registrar(client, b.ttl);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- registration ----

    /**
     * Registers an instance of {@code service} with the id {@code id} and keeps it registered
     * until the returned registration or this client is closed. Ephemeral unless the request says
     * {@code ephemeral: false}; the TTL defaults to {@link Builder#ttl}.
     *
     * @throws CairnClientException if the registry refuses the instance (invalid input)
     */
    public Registration register(String service, String id, InstanceRequest instance) {
        requireOpen();
        return registrar.register(namespace, service, id, instance);
    }

    /**
     * Like {@link #register(String, String, InstanceRequest)} with the id
     * {@code ADDRESS-PORT}, stable across restarts of the same instance, so that one that comes
     * back replaces its old registration instead of leaving it to expire.
     */
    public Registration register(String service, InstanceRequest instance) {
        Objects.requireNonNull(instance, "instance");
        String id = (instance.address() + "-" + instance.port()).replaceAll("[^A-Za-z0-9._:@-]", "_");
        return register(service, id, instance);
    }

    // ---- discovery ----

    /** Every cached instance of the service, whatever its health. */
    public List<InstanceView> instances(String service) {
        return snapshot(service).instances();
    }

    /** The cached instances of the service whose health is {@code passing}. */
    public List<InstanceView> healthy(String service) {
        return snapshot(service).passing();
    }

    /** The cached instances of the service matching {@code query}. */
    public List<InstanceView> instances(String service, InstanceQuery query) {
        return snapshot(service).matching(query);
    }

    /**
     * The service as the cache holds it. The first call for a service waits up to the initial
     * wait for its first state, unless the cache directory had a copy.
     *
     * @throws RegistryUnreachableException if no state came in time and there is no copy
     * @throws CairnClientException if the registry refused the watch (an invalid service name)
     */
    public ServiceSnapshot snapshot(String service) {
        ServiceCache cache = caches.get(service);
        if (cache == null) {
            cache = subscribe(service);
        }
        return cache.snapshot(initialWait);
    }

    private ServiceCache subscribe(String service) {
        requireOpen();
        Objects.requireNonNull(service, "service");
        boolean[] created = new boolean[1];
        ServiceCache cache = caches.computeIfAbsent(service, s -> {
            created[0] = true;
            return new ServiceCache(namespace, s, client, this::watch, client.loop(), pushEmptyProtection,
                    emptyConfirmation, store);
        });
        if (created[0]) {
            try {
                cache.start();
            } catch (RuntimeException e) {
                // refused (an invalid name): forget it, so the next lookup asks again
                caches.remove(service, cache);
                throw e;
            }
        }
        return cache;
    }

    /** Adds a service to the shared streams: one stream for up to 1000 services. */
    private CompletableFuture<Void> watch(String service, long since, WatchListener listener) {
        synchronized (streams) {
            ServiceSetWatch last = streams.isEmpty() ? null : streams.get(streams.size() - 1);
            if (last == null || last.isClosed() || !last.tryAdd(service, since, listener)) {
                last = client.watchSet(namespace);
                streams.add(last);
                if (!last.tryAdd(service, since, listener)) {
                    throw new IllegalStateException("service name too long for a watch stream: " + service);
                }
            }
            return last.terminated();
        }
    }

    /**
     * Tells {@code listener} of every change of the service from now on (subscribing to it if
     * needed, without waiting). Returns what removes the listener.
     */
    public AutoCloseable listen(String service, DiscoveryListener listener) {
        Objects.requireNonNull(listener, "listener");
        ServiceCache cache = caches.get(service);
        if (cache == null) {
            cache = subscribe(service);
        }
        ServiceCache c = cache;
        c.addListener(listener);
        return () -> c.removeListener(listener);
    }

    /**
     * How stale the cache is: zero while every cached service's watch is connected and nothing is
     * held back; otherwise the longest time since a cached service was last known current. Zero
     * when nothing is cached. A gauge for monitoring, e.g. Micrometer's
     * {@code Gauge.builder("cairn.client.cache.staleness", cairn, c -> c.staleness().toMillis())}.
     */
    public Duration staleness() {
        Duration worst = Duration.ZERO;
        for (ServiceCache c : caches.values()) {
            Duration d = c.staleness();
            if (d != null && d.compareTo(worst) > 0) {
                worst = d;
            }
        }
        return worst;
    }

    /** How stale one service's cached state is (see {@link #staleness()}); null if it has none yet. */
    public Duration staleness(String service) {
        ServiceCache c = caches.get(service);
        return c == null ? null : c.staleness();
    }

    // ---- calls ----

    /**
     * Calls to {@code service}'s passing instances with {@code balancer}, failing over as
     * {@code policy} allows. Keep the Failover: it remembers instances marked down.
     */
    public Failover failover(String service, LoadBalancer balancer, FailoverPolicy policy) {
        Objects.requireNonNull(service, "service");
        return new Failover(() -> healthy(service), balancer, policy, ticker);
    }

    /** The underlying HTTP client, for calls the cache does not cover. */
    public CairnClient client() {
        return client;
    }

    public String namespace() {
        return namespace;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Cairn client is closed");
        }
    }

    /**
     * Stops every watch, writes the cache directory one last time, deregisters every
     * registration (best effort, each bounded by the timeout), and stops the client's thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Caches first: this application's own deregistrations must not reach its cache files.
        for (ServiceCache c : new ArrayList<>(caches.values())) {
            c.close();
        }
        registrar.close();
        client.close();
    }

    /** Settings, each with a documented default; {@link #build()} does no I/O. */
    public static final class Builder {

        private List<String> addresses = List.of(CairnClient.DEFAULT_ADDRESS);
        private String namespace = "default";
        private Duration timeout = Duration.ofSeconds(5);
        private Duration initialWait = Duration.ofSeconds(5);
        private Duration ttl = Duration.ofSeconds(10);
        private Path cacheDirectory;
        private boolean pushEmptyProtection = true;
        private Duration emptyConfirmation = Duration.ofSeconds(3);
        private WatchOptions watchOptions = WatchOptions.defaults();
        private Ticker ticker = Ticker.SYSTEM;
        private Scheduler scheduler;
        private String token;
        private PemFiles tls;

        private Builder() {
        }

        /**
         * The token every request sends as {@code Authorization: Bearer TOKEN}, for a registry
         * with ACLs on (docs/security.md); null for none. It needs write on the services this
         * application registers and read on those it looks up.
         */
        public Builder token(String secret) {
            this.token = secret == null || secret.isBlank() ? null : secret.strip();
            return this;
        }

        /**
         * TLS to https registry addresses: {@code ca} the PEM certificates of the CA that signs
         * the registry's nodes (verified, with host names); without a client certificate.
         */
        public Builder tls(Path ca) {
            this.tls = new PemFiles(null, null, ca);
            return this;
        }

        /**
         * TLS with a client certificate: {@code cert} and {@code key} (PEM, PKCS#8) are presented
         * to the nodes, which require one with {@code tls-client-auth=require}.
         */
        public Builder tls(Path ca, Path cert, Path key) {
            this.tls = new PemFiles(cert, key, ca);
            return this;
        }

        /** The registry nodes' base URLs (default {@code http://127.0.0.1:7470}). */
        public Builder addresses(String... urls) {
            return addresses(List.of(urls));
        }

        public Builder addresses(List<String> urls) {
            new Endpoints(urls); // validates now, where the mistake is
            this.addresses = List.copyOf(urls);
            return this;
        }

        /** The namespace of every registration and lookup (default {@code default}). */
        public Builder namespace(String ns) {
            this.namespace = Objects.requireNonNull(ns, "namespace");
            return this;
        }

        /** The limit of each registry call (default 5 s). */
        public Builder timeout(Duration d) {
            this.timeout = positive(d, "timeout");
            return this;
        }

        /** How long the first lookup of a service waits for its state (default 5 s). */
        public Builder initialWait(Duration d) {
            this.initialWait = positive(d, "initialWait");
            return this;
        }

        /** The TTL of ephemeral registrations that do not set one (default 10 s; heartbeats every TTL/4). */
        public Builder ttl(Duration d) {
            this.ttl = positive(d, "ttl");
            return this;
        }

        /**
         * Where to keep a copy of every cached service, so that a restarted application finds
         * its services while the registry is down (default: none, memory only).
         */
        public Builder cacheDirectory(Path dir) {
            this.cacheDirectory = dir;
            return this;
        }

        /**
         * Push-empty protection (default on): an update that would leave a service with no
         * passing instance is held back, the last non-empty list served, until a direct read of
         * the registry confirms it after {@code confirmation} (default 3 s).
         */
        public Builder pushEmptyProtection(boolean on, Duration confirmation) {
            this.pushEmptyProtection = on;
            this.emptyConfirmation = positive(confirmation, "confirmation");
            return this;
        }

        /** How watches reconnect (default {@link WatchOptions#defaults()}). */
        public Builder watchOptions(WatchOptions options) {
            this.watchOptions = Objects.requireNonNull(options, "watchOptions");
            return this;
        }

        /**
         * The time source (default: the system clock, and the client's own thread for timers):
         * {@code ticker} measures staleness, failover cool-downs and deadlines and stamps the cache
         * files; {@code scheduler}, measuring by that ticker, times the heartbeat rounds, watch
         * backoff and silence detection, member refreshes and push-empty confirmations. Tests pass
         * a manual one (cairn-testkit's {@code ManualTicker} is both) to drive them without waiting.
         * The timeouts of HTTP calls and the initial wait stay on the wall clock.
         */
        public Builder time(Ticker ticker, Scheduler scheduler) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public Cairn build() {
            return new Cairn(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
