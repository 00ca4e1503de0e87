package io.cairn.server.config;

import io.cairn.server.health.HealthSettings;
import io.cairn.server.watch.WatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of a node, defined once: name, type, default, range and description. The
 * flags of {@code cairn server}, the {@code CAIRN_*} environment variables, the config-file
 * keys, {@code cairn server --help} and the table in docs/configuration.md (checked by a test)
 * all come from {@link #ALL}. Adding a setting is one entry here, in {@link #ALL}, and the
 * typed field it fills in {@link ServerConfig} (via {@link ConfigSource}).
 */
public final class Settings {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final WatchSettings WATCH = WatchSettings.defaults();
    private static final HealthSettings HEALTH = HealthSettings.defaults();

    public static final Setting<Path> DATA_DIR = Setting.path("data-dir", Path.of("cairn-data"),
            "Where the node keeps its identity, Raft logs and snapshots.");
    public static final Setting<String> BIND = Setting.text("bind", "ADDRESS", "127.0.0.1", "127.0.0.1",
            "Address the HTTP API, Raft and DNS listen on; 0.0.0.0 serves other machines.");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("http-port", "PORT", () -> 7470, "7470", 0, 65_535,
            "HTTP API port; 0 picks a free one.");
    public static final Setting<Integer> RAFT_PORT = Setting.integer("raft-port", "PORT", () -> 7471, "7471", 0, 65_535,
            "Raft (gRPC) port between nodes; 0 picks a free one.");
    public static final Setting<Integer> PARTITIONS = Setting.integer("partitions", "N", () -> null, "16", 1,
            ServerConfig.MAX_PARTITIONS,
            "Partition count of a new data directory; must match an existing one.");
    public static final Setting<String> NODE_ID = Setting.text("node-id", "ID", null, "random",
            "Node id of a new data directory; must match an existing one.");
    public static final Setting<Integer> SNAPSHOT_EVERY = Setting.integer("snapshot-every", "ENTRIES", () -> 4_096,
            "4096", 1, Integer.MAX_VALUE, "Snapshot a partition after this many log entries.");
    public static final Setting<Duration> ELECTION_TIMEOUT = Setting.duration("election-timeout",
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(1),
            "Lower bound of Raft's randomized election timeout (the upper bound is twice it).");
    public static final Setting<Integer> MAX_BODY_BYTES = Setting.integer("max-body-bytes", "BYTES", () -> 64 * 1024,
            "65536", 1024, 64 * 1024 * 1024, "Largest request body accepted; larger ones get 413.");
    public static final Setting<Duration> HTTP_IDLE_TIMEOUT = Setting.duration("http-idle-timeout",
            Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1),
            "A connection with no request in progress (idle keep-alive, or headers not yet complete) is closed after this.");
    public static final Setting<Duration> HTTP_REQUEST_TIMEOUT = Setting.duration("http-request-timeout",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1),
            "A request whose body has not fully arrived this long after its headers is answered 408 and closed.");
    public static final Setting<Integer> MAX_HEADER_BYTES = Setting.integer("max-header-bytes", "BYTES",
            () -> 8 * 1024, "8192", 1024, 1024 * 1024, "Largest request header block accepted; larger ones get 431.");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_CLIENT = Setting.integer("max-connections-per-client", "N",
            () -> 1024, "1024", 1, 1_000_000, "Open HTTP connections one client address may hold; more are closed at once.");
    public static final Setting<Integer> MAX_WATCHES_PER_CLIENT = Setting.integer("max-watches-per-client", "N",
            () -> 4096, "4096", 1, 1_000_000,
            "Watch streams and held blocking reads one client address may have open; one more gets 429.");
    public static final Setting<Integer> RATE_LIMIT = Setting.integer("rate-limit", "REQUESTS_PER_SECOND",
            () -> 10_000, "10000", 0, 10_000_000,
            "Sustained requests per second of one bearer token (else client address); over it 429 with Retry-After; 0 is off.");
    public static final Setting<Integer> RATE_BURST = Setting.integer("rate-burst", "REQUESTS",
            () -> 20_000, "20000", 1, 100_000_000, "Requests one token or address may send at once above rate-limit.");
    public static final Setting<Integer> HTTP_THREADS = Setting.integer("http-threads", "N",
            () -> Math.max(2, 2 * CORES), "2 x cores", 1, 1024, "Event-loop threads serving HTTP.");
    public static final Setting<String> IO_TRANSPORT = Setting.choice("io-transport", "nio", List.of("nio", "io_uring"),
            "Network I/O of HTTP and of calls between nodes: the JDK's nio, or Linux's io_uring (x86_64; a quarter less "
                    + "CPU pushing a change to many watch streams; see docs/configuration.md for its cost). Unavailable: "
                    + "the node does not start.");
    public static final Setting<Integer> WRITE_SLOTS = Setting.integer("write-slots", "N", () -> Math.max(2, CORES),
            "cores, at least 2", 1, ServerConfig.MAX_PARTITIONS,
            "Raft entries the node's partitions may have in flight at once.");
    public static final Setting<Integer> WATCH_HISTORY = Setting.integer("watch-history", "CHANGES",
            WATCH::historyPerService, Integer.toString(WATCH.historyPerService()), 1, 1_000_000,
            "Changes kept per service, so a reconnecting watcher gets exactly what it missed.");
    public static final Setting<Integer> WATCH_BUFFER_BYTES = Setting.integer("watch-buffer-bytes", "BYTES",
            WATCH::streamBufferBytes, Integer.toString(WATCH.streamBufferBytes()), 4096, 64 * 1024 * 1024,
            "Bytes a watch stream may have unsent before its slow reader is cut.");
    public static final Setting<Duration> WATCH_KEEPALIVE = Setting.duration("watch-keepalive", WATCH.heartbeat(),
            Duration.ofSeconds(1), Duration.ofMinutes(10),
            "An idle watch stream gets a comment line this often, so proxies do not close it.");
    public static final Setting<Duration> HEALTH_SWEEP_INTERVAL = Setting.duration("health-sweep-interval",
            HEALTH.sweepInterval(), Duration.ofMillis(10), Duration.ofSeconds(1),
            "How often a partition leader looks for expired leases and long-critical instances.");
    public static final Setting<Double> EXPIRY_PROTECTION_SHARE = new Setting<>("expiry-protection-share", "SHARE",
            "Expiry stops in a namespace when more than this share of its ephemeral instances are silent; 1 turns it off.",
            Double.toString(HEALTH.protectionShare()), Settings::decimal, v -> v > 0 && v <= 1,
            "more than 0 and at most 1", HEALTH::protectionShare);
    public static final Setting<Integer> EXPIRY_PROTECTION_MIN_INSTANCES = Setting.integer(
            "expiry-protection-min-instances", "N", HEALTH::protectionMinInstances,
            Integer.toString(HEALTH.protectionMinInstances()), 1, Integer.MAX_VALUE,
            "Protection is considered only in namespaces with at least this many ephemeral instances.");

    public static final Setting<String> ADVERTISE = Setting.text("advertise", "HOST", null, "the bind address",
            "Address other nodes and clients use to reach this node, when it differs from --bind.");
    public static final Setting<List<String>> JOIN = Setting.list("join", "HOST:PORT[,HOST:PORT...]",
            "HTTP addresses of existing members to join, retried with backoff until one answers.");
    public static final Setting<Integer> BOOTSTRAP_EXPECT = Setting.integer("bootstrap-expect", "N", () -> 0, "0", 0, 99,
            "Form a NEW cluster once N members (this one included) see each other; use with --join.");
    public static final Setting<Integer> REPLICATION = Setting.integer("replication", "R",
            () -> ClusterSettings.DEFAULT_REPLICATION, Integer.toString(ClusterSettings.DEFAULT_REPLICATION), 1,
            ClusterSettings.MAX_REPLICATION, "Replicas per partition, capped at the member count (fixed when the cluster is created).");
    public static final Setting<Duration> MEMBER_GRACE = Setting.duration("member-grace", Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofDays(7),
            "A member unreachable this long is failed and its replicas re-created on the others.");
    public static final Setting<Boolean> DRAIN = Setting.flag("drain", false,
            "On SIGTERM, move this node's replicas and leaderships to other members before stopping.");

    public static final Setting<Integer> REPLICATED_WRITE_SLOTS = Setting.integer("replicated-write-slots", "N", () -> 1,
            "1", 1, ServerConfig.MAX_PARTITIONS,
            "Raft entries the node's replicated partitions (those with followers) may have in flight at once.");

    public static final Setting<Integer> DNS_PORT = Setting.portOrOff("dns-port", DnsSettings.DEFAULT_PORT,
            DnsSettings.OFF, "DNS port (UDP and TCP, on the bind address); 0 picks a free one, off serves no DNS.");
    public static final Setting<Duration> DNS_TTL = Setting.duration("dns-ttl", Duration.ZERO, Duration.ZERO,
            Duration.ofDays(1), "TTL of DNS answers, in whole seconds; also the SOA minimum (negative caching).");
    public static final Setting<Boolean> DNS_ONLY_PASSING = Setting.flag("dns-only-passing", false,
            "DNS answers only passing instances; by default warning ones too (critical never), as Consul's DNS.");
    public static final Setting<Integer> DNS_RATE_LIMIT = Setting.integer("dns-rate-limit", "QUERIES_PER_SECOND",
            () -> DnsSettings.DEFAULT_RATE, Integer.toString(DnsSettings.DEFAULT_RATE), 0, 10_000_000,
            "Sustained DNS queries per second of one client address (UDP and TCP); over it REFUSED; 0 is off.");
    public static final Setting<Integer> DNS_RATE_BURST = Setting.integer("dns-rate-burst", "QUERIES",
            () -> DnsSettings.DEFAULT_BURST, Integer.toString(DnsSettings.DEFAULT_BURST), 1, 100_000_000,
            "DNS queries one client address may send at once above dns-rate-limit.");
    public static final Setting<Integer> DNS_MAX_TCP_PER_CLIENT = Setting.integer("dns-max-tcp-per-client", "N",
            () -> DnsSettings.DEFAULT_TCP_PER_CLIENT, Integer.toString(DnsSettings.DEFAULT_TCP_PER_CLIENT), 1,
            1_000_000, "Open DNS-over-TCP connections one client address may hold; more are closed at once.");
    public static final Setting<Duration> DNS_TCP_QUERY_TIMEOUT = Setting.duration("dns-tcp-query-timeout",
            DnsSettings.DEFAULT_TCP_QUERY_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1),
            "A DNS-over-TCP message must arrive whole within this time of its first byte (of the connection's"
                    + " first byte for the first), however the bytes trickle; else the connection is closed.");
    public static final Setting<Integer> CONSUL_PORT = Setting.integer("consul-port", "PORT", () -> null, "off", 0,
            65_535, "A second port serving the same API, for Consul clients left at Consul's port (e.g. 8500); 0 picks a free one.");

    public static final Setting<String> ACL = new Setting<>("acl", "off|on",
            "Access control: with on, every request needs a token with the right for it (docs/security.md).",
            "off", text -> {
                if (!text.equals("on") && !text.equals("off")) {
                    throw new IllegalArgumentException("must be on or off");
                }
                return text;
            }, v -> true, "", () -> "off");
    public static final Setting<Boolean> INSECURE = Setting.flag("insecure", false,
            "Serve a non-loopback bind address with acl off; without it such a node refuses to start.");
    public static final Setting<Path> ACL_INITIAL_TOKEN_FILE = Setting.file("acl-initial-token-file",
            "File holding the initial management token's secret; without it the bootstrapping node makes one and prints it once.");
    public static final Setting<Path> ACL_NODE_TOKEN_FILE = Setting.file("acl-node-token-file",
            "File holding the token this node presents to other members; default: acl-initial-token-file.");
    public static final Setting<String> ACL_DNS_POLICY = Setting.text("acl-dns-policy", "NAME", "dns", "dns",
            "With acl on, anonymous DNS lookups get this policy's read rights (none while it does not exist).");
    public static final Setting<Path> TLS_CERT = Setting.file("tls-cert",
            "PEM certificate chain of this node (its own certificate first); with tls-key and tls-ca, turns TLS on "
                    + "for HTTP, Raft and calls between nodes. Re-read when the file changes.");
    public static final Setting<Path> TLS_KEY = Setting.file("tls-key",
            "PEM private key (unencrypted PKCS#8) of tls-cert. Re-read when the file changes.");
    public static final Setting<Path> TLS_CA = Setting.file("tls-ca",
            "PEM certificates of the CA(s) that sign the cluster's nodes (and client certificates). "
                    + "Re-read when the file changes.");
    public static final Setting<String> TLS_CLIENT_AUTH = Setting.choice("tls-client-auth", TlsSettings.REQUEST,
            List.of(TlsSettings.REQUEST, TlsSettings.REQUIRE),
            "With TLS on: whether HTTP clients must present a certificate of tls-ca (require) or may (request); "
                    + "node-to-node calls and Raft always require one.");

    /** Every setting, in the order help and docs list them. */
    public static final List<Setting<?>> ALL = List.of(DATA_DIR, BIND, HTTP_PORT, RAFT_PORT, PARTITIONS, NODE_ID,
            SNAPSHOT_EVERY, ELECTION_TIMEOUT, MAX_BODY_BYTES, HTTP_IDLE_TIMEOUT, HTTP_REQUEST_TIMEOUT, MAX_HEADER_BYTES,
            MAX_CONNECTIONS_PER_CLIENT, MAX_WATCHES_PER_CLIENT, RATE_LIMIT, RATE_BURST, HTTP_THREADS,
            IO_TRANSPORT, WRITE_SLOTS, WATCH_HISTORY, WATCH_BUFFER_BYTES, WATCH_KEEPALIVE, HEALTH_SWEEP_INTERVAL,
            EXPIRY_PROTECTION_SHARE, EXPIRY_PROTECTION_MIN_INSTANCES, ADVERTISE, JOIN, BOOTSTRAP_EXPECT, REPLICATION,
            MEMBER_GRACE, DRAIN, REPLICATED_WRITE_SLOTS, DNS_PORT, DNS_TTL, DNS_ONLY_PASSING, DNS_RATE_LIMIT,
            DNS_RATE_BURST, DNS_MAX_TCP_PER_CLIENT, DNS_TCP_QUERY_TIMEOUT, CONSUL_PORT, ACL, INSECURE,
            ACL_INITIAL_TOKEN_FILE, ACL_NODE_TOKEN_FILE, ACL_DNS_POLICY,
            TLS_CERT, TLS_KEY, TLS_CA, TLS_CLIENT_AUTH);

    private Settings() {
    }

    /** Finds a setting by name, or null. */
    public static Setting<?> named(String name) {
        for (Setting<?> s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** A decimal such as 0.5: digits, an optional fraction; no sign, exponent, NaN or Infinity. */
    private static Double decimal(String text) {
        if (!text.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("must be a number such as 0.5");
        }
        return Double.parseDouble(text);
    }
}
