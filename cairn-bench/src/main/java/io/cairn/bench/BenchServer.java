package io.cairn.bench;

import io.cairn.server.CairnServer;
import io.cairn.server.config.ConfigSource;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.jvm.IdleHeap;
import io.cairn.testkit.NodeProgram;
import io.cairn.testkit.ScratchDirectory;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The node under test: a {@link CairnServer} with the defaults of {@code cairn server}, on ports
 * chosen for a benchmark, with a start and stop protocol a parent process can drive.
 *
 * <p>Protocol: once the node serves HTTP it prints exactly one line {@code Cairn bench node serving
 * http://127.0.0.1:<port> (pid <pid>)} on stdout, as {@code cairn server} prints its "serving"
 * line, so that the testkit's {@link ServerProcess} runs either (its log goes to stderr). It
 * closes gracefully when its stdin reaches end-of-file (the parent closed the pipe or died) or on
 * SIGTERM/SIGINT, whichever comes first.
 * A shell user keeps it alive by leaving stdin on the terminal, or bounds its life with
 * {@code sleep 60 | java ... io.cairn.bench.BenchServer ...}.
 *
 * <p>Run: {@code java <the options of DEFAULT_JVM_OPTIONS_LINE> -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.BenchServer --data-dir /tmp/cairn-bench-data --http-port 7480}; the tools start it
 * with {@link #spawn} and {@link #spawnMember}.
 */
@Command(name = "bench-server", mixinStandardHelpOptions = true,
        description = "Run a Cairn node for benchmarks; prints 'Cairn bench node serving http://HOST:PORT (pid PID)' when serving.")
public final class BenchServer implements Callable<Integer> {

    /**
     * The JVM options users run {@code cairn server} with (the {@code ./cairn} launcher), as one
     * line: a constant, so that command-line help can quote it.
     */
    public static final String DEFAULT_JVM_OPTIONS_LINE = "-XX:InitialHeapSize=64m -XX:MinHeapSize=16m -Xmx512m "
            + "-XX:+UseG1GC -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10 -XX:G1PeriodicGCInterval=10000 "
            + "-XX:TrimNativeHeapInterval=10000 -XX:MaxDirectMemorySize=256m -XX:Tier3InvocationThreshold=2000 "
            + "-XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:+ExitOnOutOfMemoryError";

    /** {@link #DEFAULT_JVM_OPTIONS_LINE}, one option per element. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(DEFAULT_JVM_OPTIONS_LINE.split(" "));

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Data directory.")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "0",
            description = "HTTP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--raft-port", paramLabel = "PORT", defaultValue = "0",
            description = "Raft port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int raftPort;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of a new data directory (default: the server's, "
                    + ServerConfig.DEFAULT_PARTITIONS + ").")
    Integer partitions;

    @Option(names = "--watch-keepalive", paramLabel = "TIME",
            description = "How often an idle watch stream gets a keep-alive comment (default: the server's, 15s).")
    String watchKeepAlive;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "Any other setting of `cairn server`, by its flag name, e.g. --set http-threads=2 "
                    + "(repeatable).")
    Map<String, String> settings = new HashMap<>();

    /** This class on this JVM's class path, with {@code jvmOptions} and the launcher's environment. */
    public static NodeProgram program(List<String> jvmOptions) {
        // As the `cairn` launcher does for `cairn server`.
        return NodeProgram.of(BenchServer.class.getName()).withJvmOptions(jvmOptions)
                .withEnvironment("MALLOC_ARENA_MAX", "2");
    }

    /**
     * Starts a bench node in its own JVM on a fresh temporary directory (data and log), loopback
     * only, and returns once it serves; closing the process kills it and deletes the directory.
     *
     * @param jvmOptions the child's JVM options, e.g. {@link #DEFAULT_JVM_OPTIONS}
     * @param serverArgs further flags, e.g. {@code --partitions 16}
     * @throws IOException if it does not serve within {@code timeout} (its log tail is in the message)
     */
    public static ServerProcess spawn(List<String> jvmOptions, List<String> serverArgs, Duration timeout)
            throws IOException {
        ScratchDirectory dir = ScratchDirectory.create("cairn-bench-");
        return ServerProcess.launch(program(jvmOptions)).dataDir(dir.path().resolve("data"))
                .logFile(dir.path().resolve("server.log")).workDir(dir.path()).ownedDirectory(dir).args(serverArgs)
                .start(timeout);
    }

    /**
     * Starts a cluster member that must come back where its peers expect it: on fixed ports, with
     * its data in {@code dir/data}, which stays (the caller owns {@code dir}) so that the same call
     * restarts it on the same data. Its log is {@code dir/server-<n>.log}, a new file per start.
     */
    public static ServerProcess spawnMember(Path dir, int httpPort, int raftPort, List<String> jvmOptions,
            List<String> serverArgs, Duration timeout) throws IOException {
        if (httpPort <= 0 || raftPort <= 0) {
            throw new IllegalArgumentException("a member needs fixed ports, got http " + httpPort + " raft " + raftPort);
        }
        Files.createDirectories(dir);
        Path log = dir.resolve("server-0.log");
        for (int n = 1; Files.exists(log); n++) {
            log = dir.resolve("server-" + n + ".log");
        }
        return ServerProcess.launch(program(jvmOptions)).dataDir(dir.resolve("data")).ports(httpPort, raftPort)
                .logFile(log).workDir(dir).args(serverArgs).start(timeout);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchServer()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        // The defaults of `cairn server`, but for the directory and the ports.
        // Resolved as `cairn server` resolves its flags (but without CAIRN_* variables), so the
        // same names, parsing and limits apply.
        Map<String, String> flags = new HashMap<>(settings);
        flags.put("data-dir", dataDir.toString());
        flags.put("http-port", Integer.toString(httpPort));
        flags.put("raft-port", Integer.toString(raftPort));
        // DNS on a free port unless set (GET /v1/status says which): members of one machine never contend for 8600.
        flags.putIfAbsent("dns-port", "0");
        // A load generator is one client address (and token) sending far more than a client's
        // share: what is measured is the server, not its per-client limits (docs/security.md).
        flags.putIfAbsent("rate-limit", "0");
        flags.putIfAbsent("dns-rate-limit", "0");
        flags.putIfAbsent("max-connections-per-client", "1000000");
        flags.putIfAbsent("max-watches-per-client", "1000000");
        if (partitions != null) {
            flags.put("partitions", partitions.toString());
        }
        if (watchKeepAlive != null) {
            flags.put("watch-keepalive", watchKeepAlive);
        }
        ServerConfig config = ConfigSource.resolve(flags, Map.of(), null);
        CairnServer server = new CairnServer(config).start(Duration.ofSeconds(60));
        IdleHeap.startOnThisJvm(); // as `cairn server` does; its daemon thread ends with the JVM
        ServerLifetime lifetime = new ServerLifetime(server);
        Runtime.getRuntime().addShutdownHook(new Thread(lifetime::close, "bench-server-shutdown"));
        System.out.println("Cairn bench node serving http://" + config.bind() + ":" + server.httpPort() + " (pid "
                + ProcessHandle.current().pid() + ")");
        System.out.flush();
        awaitEndOfInput(System.in);
        lifetime.close();
        return 0;
    }

    /** Blocks until the parent closes our stdin; bytes written to it are ignored. */
    private static void awaitEndOfInput(InputStream in) {
        byte[] ignored = new byte[256];
        try {
            while (in.read(ignored) >= 0) {
                // nothing: only end-of-file matters
            }
        } catch (IOException e) {
            // A broken stdin means the parent is gone: treat it as end-of-file.
        }
    }

    /** Closes the server once, from whichever of stdin EOF and the shutdown hook comes first. */
    private static final class ServerLifetime {
        private final CairnServer server;
        private boolean closed; // guarded by this

        ServerLifetime(CairnServer server) {
            this.server = server;
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("bench-server: close failed: " + e);
            }
        }
    }
}
