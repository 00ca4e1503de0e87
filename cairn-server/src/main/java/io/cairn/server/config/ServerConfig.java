package io.cairn.server.config;

import io.cairn.server.health.HealthSettings;
import io.cairn.server.watch.WatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a node needs to start. Defaults are documented in docs/configuration.md and in
 * {@link #defaults()}.
 *
 * @param dataDir where the node keeps its Raft logs, snapshots and identity
 * @param bind the address the HTTP API and Raft listen on
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
 * @param cluster joining and forming a cluster, replication, failure detection
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
        ClusterSettings cluster) {

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
        Objects.requireNonNull(cluster, "cluster");
        check(httpPort >= 0 && httpPort <= 65535, "http-port must be 0-65535");
        check(raftPort >= 0 && raftPort <= 65535, "raft-port must be 0-65535");
        check(partitions == null || (partitions >= 1 && partitions <= MAX_PARTITIONS),
                "partitions must be 1-" + MAX_PARTITIONS);
        check(snapshotEveryEntries >= 1, "snapshot-every must be at least 1");
        check(!electionTimeoutMin.isNegative() && electionTimeoutMin.toMillis() >= 100,
                "election-timeout must be at least 100ms");
        check(maxBodyBytes >= 1024, "max-body-bytes must be at least 1024");
        check(httpThreads >= 1, "http-threads must be at least 1");
        check(writeSlots >= 1 && writeSlots <= MAX_PARTITIONS, "write-slots must be 1-" + MAX_PARTITIONS);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults: a single node on 127.0.0.1 with its data under ./cairn-data. */
    public static ServerConfig defaults() {
        return new ServerConfig(Path.of("cairn-data"), "127.0.0.1", DEFAULT_HTTP_PORT, DEFAULT_RAFT_PORT,
                null, null, 4_096, Duration.ofSeconds(1), 64 * 1024,
                Math.max(2, 2 * Runtime.getRuntime().availableProcessors()),
                Math.max(2, Runtime.getRuntime().availableProcessors()), WatchSettings.defaults(),
                HealthSettings.defaults(), ClusterSettings.defaults());
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(value, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, cluster);
    }

    public ServerConfig withPorts(int http, int raft) {
        return new ServerConfig(dataDir, bind, http, raft, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, cluster);
    }

    public ServerConfig withPartitions(Integer value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, value, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, cluster);
    }

    public ServerConfig withSnapshotEveryEntries(long value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, value,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, cluster);
    }

    public ServerConfig withWriteSlots(int value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, value, watch, health, cluster);
    }

    public ServerConfig withHealth(HealthSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, value, cluster);
    }

    public ServerConfig withWatch(WatchSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, value, health, cluster);
    }

    public ServerConfig withCluster(ClusterSettings value) {
        return new ServerConfig(dataDir, bind, httpPort, raftPort, partitions, nodeId, snapshotEveryEntries,
                electionTimeoutMin, maxBodyBytes, httpThreads, writeSlots, watch, health, value);
    }

    /** The host other nodes and clients reach this node at. */
    public String advertisedHost() {
        return cluster.advertise() != null ? cluster.advertise()
                : "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind;
    }
}
