package io.cairn.cli;

import io.cairn.server.CairnServer;
import io.cairn.server.config.ConfigSource;
import io.cairn.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn server}: runs a node in this JVM until SIGTERM or SIGINT, then closes it
 * gracefully (HTTP stops accepting, Raft groups close their logs).
 *
 * <p>Every option is unset by default so that {@link ConfigSource} can tell a flag the user gave
 * from the environment ({@code CAIRN_*}) and the config file beneath it.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a Cairn node. Flags beat CAIRN_* environment variables, which beat --config.")
final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./cairn-data).")
    String dataDir;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Listen address (default 127.0.0.1).")
    String bind;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "HTTP API port (default " + ServerConfig.DEFAULT_HTTP_PORT + "; 0 picks a free one).")
    String httpPort;

    @Option(names = "--raft-port", paramLabel = "PORT",
            description = "Raft port (default " + ServerConfig.DEFAULT_RAFT_PORT + "; 0 picks a free one).")
    String raftPort;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partition count of a NEW data directory (default " + ServerConfig.DEFAULT_PARTITIONS
                    + "); must match an existing one.")
    String partitions;

    @Option(names = "--node-id", paramLabel = "ID", description = "Node id of a new data directory (default random).")
    String nodeId;

    @Option(names = "--snapshot-every", paramLabel = "ENTRIES",
            description = "Snapshot a partition after this many log entries (default 4096).")
    String snapshotEvery;

    @Option(names = "--join", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "HTTP addresses of existing members to join (retried with backoff until one answers).")
    String join;

    @Option(names = "--bootstrap-expect", paramLabel = "N",
            description = "Form a NEW cluster once N members (this one included) see each other; use with --join.")
    String bootstrapExpect;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "Address other nodes and clients use to reach this node (default: --bind).")
    String advertise;

    @Option(names = "--replication", paramLabel = "R",
            description = "Replicas per partition, capped at the member count (default 3).")
    String replication;

    @Option(names = "--member-grace", paramLabel = "DURATION",
            description = "A member unreachable this long is failed and its replicas re-created elsewhere (default 30s).")
    String memberGrace;

    @Option(names = "--drain", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "On SIGTERM, move this node's replicas and leaderships away before stopping.")
    String drain;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings (same names as the flags).")
    Path configFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, String> flags = new HashMap<>();
        put(flags, "data-dir", dataDir);
        put(flags, "bind", bind);
        put(flags, "http-port", httpPort);
        put(flags, "raft-port", raftPort);
        put(flags, "partitions", partitions);
        put(flags, "node-id", nodeId);
        put(flags, "snapshot-every", snapshotEvery);
        put(flags, "join", join);
        put(flags, "bootstrap-expect", bootstrapExpect);
        put(flags, "advertise", advertise);
        put(flags, "replication", replication);
        put(flags, "member-grace", memberGrace);
        put(flags, "drain", drain);
        ServerConfig config = ConfigSource.resolve(flags, System.getenv(), configFile);

        CairnServer server = new CairnServer(config).start(Duration.ofSeconds(60));
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (config.cluster().drain() && !server.drained().isDone()) {
                    drain(server);
                }
                server.close();
            } catch (IOException e) {
                LOG.warn("event=shutdown-failed error={}", e.toString());
            } finally {
                closed.complete(null);
            }
        }, "cairn-shutdown"));
        spec.commandLine().getOut().printf("Cairn %s serving http://%s:%d (node %s, data %s)%n", CairnServer.VERSION,
                config.bind(), server.httpPort(), server.nodeId(), config.dataDir().toAbsolutePath().normalize());
        spec.commandLine().getOut().flush();
        // Runs until SIGTERM/SIGINT, or until the node has left the cluster (`cairn leave`).
        CompletableFuture.anyOf(closed, server.drained()).join();
        if (server.drained().isDone() && !closed.isDone()) {
            spec.commandLine().getOut().println("Cairn node " + server.nodeId() + " left the cluster; stopping");
            spec.commandLine().getOut().flush();
            server.close();
        }
        return Main.OK;
    }

    /**
     * SIGTERM with {@code --drain}: leave the cluster and wait (at most {@link #DRAIN_LIMIT}) until
     * this node's replicas and leaderships are on other members, then stop.
     */
    private static void drain(CairnServer server) {
        LOG.info("event=drain-start node={}", server.nodeId());
        try {
            String refusal = server.leave().get(30, TimeUnit.SECONDS);
            if (refusal != null) {
                LOG.warn("event=drain-refused node={} reason=\"{}\"", server.nodeId(), refusal);
                return;
            }
            server.drained().get(DRAIN_LIMIT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("event=drain-done node={}", server.nodeId());
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("event=drain-unfinished node={} error={}", server.nodeId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long SIGTERM with --drain waits for the node's replicas to move. */
    static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
