package io.cairn.server.config;

import io.cairn.server.health.HealthSettings;
import io.cairn.server.config.HttpTimeouts;
import io.cairn.server.watch.WatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a node needs to start, typed. Each field is a {@link Setting} of {@link Settings},
 * where its default and range are defined once; the constructor checks ranges through those
 * definitions, so a config built in code obeys the same rules as one read from flags.
 *
 * @param dataDir where the node keeps its Raft logs, snapshots and identity
 * @param bind the address the HTTP API, Raft and DNS listen on
 * @param httpPort the HTTP API port (0 picks a free one)
 * @param raftPort the Raft (gRPC) port between nodes (0 picks a free one)
 * @param partitions the partition count; null means "what the data directory says, or 16 for a
 *     new one"; a value that differs from an existing data directory's is an error
 * @param nodeId this node's id; null means "what the data directory says, or a new random one"
 * @param snapshotEveryEntries take a partition snapshot after this many log entries
 * @param electionTimeoutMin the lower bound of Raft's randomized election timeout
 * @param maxBodyBytes the largest request body the HTTP API accepts
 * @param httpThreads event-loop threads serving HTTP
 * @param writeSlots Raft entries the node's partitions may have in flight at once (group commit
 *     across partitions: see {@code EntrySlots})
 * @param watch limits and defaults of blocking queries and watch streams
 * @param health expiry sweeps and mass-expiry protection
 * @param httpTimeouts how long a connection may hold the server without progress
 * @param cluster joining and forming a cluster, replication, failure detection
 * @param dns the DNS interface: port, TTL, which instances it answers
 * @param consulPort a second port serving the same routes (for clients left at Consul's 8500);
 *     null for none, 0 picks a free one; with TLS on it serves TLS like the HTTP port
 * @param acl access control: on or off, the initial and node tokens, the DNS policy
 * @param tls TLS for HTTP, Raft and calls between nodes, or {@link TlsSettings#off()}
 * @param clientLimits what one client may hold: header size, connections, watches, request rate
 * @param ioTransport the network I/O of HTTP and calls between nodes: {@code nio} or {@code io_uring}
 */
public record ServerConfig(
        Path dataDir,
        String bind,
        int httpPort,
        int raftPort,
        Integer partitions,
        String nodeId,
        long snapshotEveryEntries,
        Duration electionTimeoutMin,
        int maxBodyBytes,
        int httpThreads,
        int writeSlots,
        WatchSettings watch,
        HealthSettings health,
        HttpTimeouts httpTimeouts,
        ClusterSettings cluster,
        DnsSettings dns,
        Integer consulPort,
        AclSettings acl,
        TlsSettings tls,
        ClientLimits clientLimits,
        String ioTransport) {

    public static final int DEFAULT_HTTP_PORT = 7470;
    public static final int DEFAULT_RAFT_PORT = 7471;
    public static final int DEFAULT_PARTITIONS = 16;
    public static final int MAX_PARTITIONS = 1024;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(httpTimeouts, "httpTimeouts");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dns, "dns");
        Settings.HTTP_PORT.check(httpPort);
        Settings.RAFT_PORT.check(raftPort);
        Settings.PARTITIONS.check(partitions);
        Settings.SNAPSHOT_EVERY.check((int) Math.min(Integer.MAX_VALUE, snapshotEveryEntries));
        Settings.ELECTION_TIMEOUT.check(electionTimeoutMin);
        Settings.MAX_BODY_BYTES.check(maxBodyBytes);
        Settings.HTTP_THREADS.check(httpThreads);
        Settings.WRITE_SLOTS.check(writeSlots);
        Settings.HTTP_IDLE_TIMEOUT.check(httpTimeouts.idle());
        Settings.HTTP_REQUEST_TIMEOUT.check(httpTimeouts.request());
        Settings.CONSUL_PORT.check(consulPort);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(clientLimits, "clientLimits");
        Settings.IO_TRANSPORT.check(ioTransport);
    }

    /**
     * The defaults of {@code cairn server} (a single node on 127.0.0.1 with its data under
     * ./cairn-data), but with DNS off: a node built in code (tests, embedding) serves DNS only
     * when asked with {@link #withDns}, so nodes in one JVM never contend for port 8600.
     */
    public static ServerConfig defaults() {
        return ConfigSource.resolve(Map.of(), Map.of(), null).withDns(DnsSettings.off());
    }

    public ServerConfig withDns(DnsSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, value, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withAcl(AclSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns,
                consulPort, value, tls, clientLimits, ioTransport);
    }

    public ServerConfig withBind(String value) {
        return new ServerConfig(dataDir, value, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns,
                consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(value, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withPorts(int http, int raft) {
        return new ServerConfig(dataDir, bind, http, raft, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withPartitions(Integer value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, value, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withSnapshotEveryEntries(long value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, value,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withWriteSlots(int value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, value, watch, health, httpTimeouts, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withHealth(HealthSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, value, httpTimeouts, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withWatch(WatchSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, value, health, httpTimeouts, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withHttpTimeouts(HttpTimeouts value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, value, cluster, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withCluster(ClusterSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, value, dns, consulPort, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withConsulPort(Integer value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns,
                value, acl, tls, clientLimits, ioTransport);
    }

    public ServerConfig withTls(TlsSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns,
                consulPort, acl, value, clientLimits, ioTransport);
    }

    /** The host other nodes and clients reach this node at. */
    public String advertisedHost() {
        return cluster.advertise() != null ? cluster.advertise()
                : "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind;
    }

    public ServerConfig withClientLimits(ClientLimits value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns,
                consulPort, acl, tls, value, ioTransport);
    }

    public ServerConfig withIoTransport(String value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, httpTimeouts, cluster, dns,
                consulPort, acl, tls, clientLimits, value);
    }
}
