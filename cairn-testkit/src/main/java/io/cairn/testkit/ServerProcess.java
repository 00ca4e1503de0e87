package io.cairn.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cairn node in its own JVM, for crash, restart and signal tests where "kill -9" must mean a
 * real process, and for benchmarks that measure a node apart from their load.
 *
 * <p>The child runs a {@link NodeProgram} (by default {@code cairn server} on the test JVM's class
 * path, so a test exercises the code it was compiled against without packaging). Its stdout is
 * read for the "serving" line to learn the HTTP address; its stderr (the operator log) goes to a
 * log file so a failing test can show what the node said. Its stdin stays a pipe this JVM holds:
 * a node that stops at end-of-file there (the bench's) stops when this JVM dies.
 *
 * <p>Threading: one thread drives a process; {@link #isAlive()}, {@link #pid()} and the address
 * may be read from any.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving (https?)://([^:\\s]+):(\\d+)");

    private final Process process;
    private final Path logFile;
    /** {@code https} when the node serves TLS, else {@code http}. */
    private final String scheme;
    private final String host;
    private final int httpPort;
    /** Deleted by {@link #close()} once the process is gone, or null. */
    private final ScratchDirectory ownedDirectory;

    private ServerProcess(Process process, Path logFile, String scheme, String host, int httpPort,
            ScratchDirectory ownedDirectory) {
        this.process = process;
        this.scheme = scheme;
        this.logFile = logFile;
        this.host = host;
        this.httpPort = httpPort;
        this.ownedDirectory = ownedDirectory;
    }

    /** How to start one node: a program, its directories and ports, and its flags. */
    public static final class Launch {
        private final NodeProgram program;
        private List<String> launcher = List.of();
        private Path dataDir;
        private int httpPort;
        private int raftPort;
        private Path logFile;
        private Path workDir;
        private ScratchDirectory ownedDirectory;
        private final List<String> args = new ArrayList<>();

        private Launch(NodeProgram program) {
            this.program = program;
        }

        /** The node's data directory ({@code --data-dir}); required. */
        public Launch dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /**
         * Fixed ports, so that a restarted node comes back where its clients and peers expect
         * it; 0 (the default) picks a free one.
         */
        public Launch ports(int http, int raft) {
            this.httpPort = http;
            this.raftPort = raft;
            return this;
        }

        /**
         * Runs the java command through {@code prefix} (e.g. {@code ip netns exec NS}, from
         * {@link NetworkLab#launcher}); the prefix must exec the command, so that the process's pid
         * is the node's.
         */
        public Launch launcher(List<String> prefix) {
            this.launcher = List.copyOf(prefix);
            return this;
        }

        /** Where the node's stderr goes (default: beside the data directory, a new file per start). */
        public Launch logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** The child's working directory (default: this JVM's). */
        public Launch workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /**
         * A directory {@link ServerProcess#close()} deletes once the node is gone (a scratch
         * node's), as does a failed start.
         */
        public Launch ownedDirectory(ScratchDirectory dir) {
            this.ownedDirectory = dir;
            return this;
        }

        /** Further flags of the program, e.g. {@code --partitions 4}. */
        public Launch args(List<String> flags) {
            this.args.addAll(flags);
            return this;
        }

        public Launch args(String... flags) {
            return args(List.of(flags));
        }

        /**
         * Starts the node and waits until it serves HTTP.
         *
         * @throws IOException if the main class is not on the class path, or the process cannot
         *     start or does not serve within {@code timeout}; the message includes the tail of its
         *     log. The process is killed and an owned directory deleted then.
         */
        public ServerProcess start(Duration timeout) throws IOException {
            if (dataDir == null) {
                throw new IllegalStateException("a node needs a data directory");
            }
            if (!program.mainClassPresent()) {
                throw new IOException("the node's main class " + program.mainClass() + " is not on its class path; "
                        + "add the module that holds it (cairn-cli for `cairn server`) as a test dependency, or set -D"
                        + NodeProgram.MAIN_PROPERTY);
            }
            Path log = logFile != null ? logFile
                    : dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
            List<String> flags = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--http-port",
                    Integer.toString(httpPort), "--raft-port", Integer.toString(raftPort)));
            flags.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(program.command(launcher, flags)).redirectError(log.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(program.environment());
            Process process = builder.start();
            CompletableFuture<Matcher> serving = CompletableFuture.supplyAsync(() -> readServing(process));
            try {
                Matcher m = serving.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new ServerProcess(process, log, m.group(1), m.group(2), Integer.parseInt(m.group(3)), ownedDirectory);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
                String tail = tail(log);
                deleteOwned(process, ownedDirectory);
                String what = e instanceof TimeoutException ? "did not serve within " + timeout.toMillis() + " ms"
                        : "exited before it served";
                throw new IOException("the node (" + program.mainClass() + ") " + what + "; log tail:\n" + tail, e);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                deleteOwned(process, ownedDirectory);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the node", e);
            }
        }
    }

    /** A launch of {@code program}; see {@link Launch}. */
    public static Launch launch(NodeProgram program) {
        return new Launch(program);
    }

    /**
     * Starts {@link NodeProgram#fromTestJvm()} on {@code dataDir} and waits until it serves HTTP.
     *
     * @param extraArgs further {@code cairn server} flags, e.g. {@code --partitions 4}
     * @throws IOException if the process cannot start or does not serve within {@code timeout};
     *     the message includes the tail of its log
     */
    public static ServerProcess start(Path dataDir, Duration timeout, String... extraArgs) throws IOException {
        return start(dataDir, 0, timeout, extraArgs);
    }

    /**
     * Like {@link #start(Path, Duration, String...)} on a given HTTP port, so that a test can
     * restart a node where its clients expect it ({@code 0}: an ephemeral port).
     */
    public static ServerProcess start(Path dataDir, int httpPort, Duration timeout, String... extraArgs)
            throws IOException {
        return start(dataDir, httpPort, 0, timeout, extraArgs);
    }

    /**
     * Like {@link #start(Path, int, Duration, String...)} with a given Raft port too: a cluster
     * member must come back where its peers expect it.
     */
    public static ServerProcess start(Path dataDir, int httpPort, int raftPort, Duration timeout, String... extraArgs)
            throws IOException {
        return start(List.of(), dataDir, httpPort, raftPort, timeout, extraArgs);
    }

    /**
     * Like {@link #start(Path, int, int, Duration, String...)}, with the java command run through
     * {@code launcher} (see {@link Launch#launcher}).
     */
    public static ServerProcess start(List<String> launcher, Path dataDir, int httpPort, int raftPort,
            Duration timeout, String... extraArgs) throws IOException {
        // A free DNS port (GET /v1/status says which): nodes of one machine never contend for 8600.
        List<String> flags = new ArrayList<>(List.of("--dns-port", "0"));
        flags.addAll(List.of(extraArgs));
        return launch(NodeProgram.fromTestJvm()).launcher(launcher).dataDir(dataDir).ports(httpPort, raftPort)
                .args(flags).start(timeout);
    }

    /** The "serving" line's match: group 1 the scheme, group 2 the host the node listens on, group 3 its HTTP port. */
    private static Matcher readServing(Process process) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    // Keep draining stdout so the child never blocks on a full pipe.
                    Thread drain = new Thread(() -> drain(out), "server-stdout-" + process.pid());
                    drain.setDaemon(true);
                    drain.start();
                    return m;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading the server's output failed", e);
        }
        throw new IllegalStateException("the server exited with code " + waitFor(process));
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the node prints nothing else on stdout that a test needs
            }
        } catch (IOException e) {
            // the process is gone: nothing left to drain
        }
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** The base URL of the node's HTTP API, on the address it listens on ({@code --bind}). */
    public String address() {
        return scheme + "://" + host + ":" + httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP: the process freezes (no thread runs) until {@link #resume}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: the node gets no chance to flush or close anything. Waits until it is gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as an init system stops a service; waits for the exit.
     *
     * @return the exit code
     * @throws IllegalStateException if the node has not exited within {@code timeout}
     */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("server " + pid() + " ignored SIGTERM for " + timeout.toMillis() + " ms");
        }
        return process.exitValue();
    }

    /**
     * Waits for the node to exit by itself (after {@code cairn leave}, say), sending it nothing.
     *
     * @return the exit code
     * @throws IllegalStateException if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("server " + pid() + " still running after " + timeout.toMillis()
                    + " ms; its log ends:\n" + logTail());
        }
        return process.exitValue();
    }

    /**
     * Stops the node gracefully if it can: SIGTERM, then SIGKILL if it has not exited within
     * {@code timeout}. Waits until it is gone.
     *
     * @return the exit code (137 after SIGKILL)
     */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill9();
        }
        return process.exitValue();
    }

    /** The node's operator log so far. */
    public String log() throws IOException {
        return Files.readString(logFile);
    }

    /** Where the node's operator log (its stderr) is written. */
    public Path logFile() {
        return logFile;
    }

    /** The last lines of the node's log, for a failure message. */
    public String logTail() {
        return tail(logFile);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the node if it runs (SIGKILL) and deletes its owned directory, if it has one. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
        deleteOwned(process, ownedDirectory);
    }

    /** Deletes {@code dir} (if any) once {@code process} is gone. */
    private static void deleteOwned(Process process, ScratchDirectory dir) {
        if (dir == null) {
            return;
        }
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dir.close();
    }
}
