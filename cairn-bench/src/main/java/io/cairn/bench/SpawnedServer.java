package io.cairn.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link BenchServer} in its own JVM, on a fresh temporary data directory, loopback only.
 *
 * <p>A cluster member ({@link #startMember}) instead runs on fixed ports in a directory its caller
 * owns and keeps, so that it can be killed ({@link #kill9()}) and started again on its data.
 *
 * <p>The child runs on this JVM's class path, so it is the same build as the generator. Its
 * stdin is a pipe we hold: {@link #close()} closes it, which is the child's signal to shut down
 * gracefully; SIGTERM and then SIGKILL follow only if it does not. The temporary directory (data
 * and the child's log) is deleted on close; if the child died on its own, the tail of its log
 * is printed first.
 */
public final class SpawnedServer implements AutoCloseable {

    /** The JVM options users run {@code cairn server} with (the {@code ./cairn} launcher). */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError");

    private static final Pattern READY = Pattern.compile("^READY port=(\\d+) pid=(\\d+)$");
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);

    private final Process process;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final Path logFile;
    private final int port;
    private final long pid;
    private volatile boolean killed;

    private SpawnedServer(Process process, Path workDir, boolean ownsWorkDir, Path logFile, int port, long pid) {
        this.process = process;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.logFile = logFile;
        this.port = port;
        this.pid = pid;
    }

    /**
     * Starts the child and returns once it printed its READY line.
     *
     * @param jvmOptions the child's JVM options, e.g. {@link #DEFAULT_JVM_OPTIONS}
     * @param serverArgs further {@link BenchServer} flags, e.g. {@code --partitions 16}
     * @throws IOException if it does not become ready within {@code timeout} (the child is then
     *     killed and its log tail is in the message)
     */
    public static SpawnedServer start(List<String> jvmOptions, List<String> serverArgs, Duration timeout)
            throws IOException {
        return start(Files.createTempDirectory("cairn-bench-"), true, 0, 0, jvmOptions, serverArgs, timeout);
    }

    /**
     * Starts a cluster member that must come back where its peers expect it: on fixed ports, with
     * its data in {@code dir/data}, which {@link #close()} and {@link #kill9()} leave in place (the
     * caller owns {@code dir}) so that the same call restarts it on the same data. Its log is
     * {@code dir/server-<n>.log}, a new file per start.
     *
     * @param httpPort the HTTP port, not 0: clients and peers are bound to it
     * @param raftPort the Raft port, not 0
     */
    public static SpawnedServer startMember(Path dir, int httpPort, int raftPort, List<String> jvmOptions,
            List<String> serverArgs, Duration timeout) throws IOException {
        if (httpPort <= 0 || raftPort <= 0) {
            throw new IllegalArgumentException("a member needs fixed ports, got http " + httpPort + " raft " + raftPort);
        }
        Files.createDirectories(dir);
        return start(dir, false, httpPort, raftPort, jvmOptions, serverArgs, timeout);
    }

    private static SpawnedServer start(Path workDir, boolean ownsWorkDir, int httpPort, int raftPort,
            List<String> jvmOptions, List<String> serverArgs, Duration timeout) throws IOException {
        Path logFile = ownsWorkDir ? workDir.resolve("server.log") : freshLog(workDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", absoluteClassPath(), BenchServer.class.getName(),
                "--data-dir", workDir.resolve("data").toString(), "--http-port", Integer.toString(httpPort),
                "--raft-port", Integer.toString(raftPort)));
        command.addAll(serverArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(logFile.toFile());
        // As the `cairn` launcher does for `cairn server`.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        Process process = builder.start();
        CompletableFuture<long[]> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(process, ready), "bench-server-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            long[] portAndPid = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new SpawnedServer(process, workDir, ownsWorkDir, logFile, (int) portAndPid[0], portAndPid[1]);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String tail = tail(logFile);
            if (ownsWorkDir) {
                deleteTree(workDir);
            }
            String what = e instanceof TimeoutException ? "did not become ready within " + timeout.toMillis() + " ms"
                    : "exited before it was ready";
            throw new IOException("the bench server " + what + "; its log ends with:\n" + tail, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            if (ownsWorkDir) {
                deleteTree(workDir);
            }
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the bench server", e);
        }
    }

    /** {@code dir/server-<n>.log} for the first n not taken: each start of a member keeps its own log. */
    private static Path freshLog(Path dir) {
        for (int n = 0; ; n++) {
            Path candidate = dir.resolve("server-" + n + ".log");
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }

    /** This JVM's class path with absolute entries: the child runs in the temporary directory. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Completes {@code ready} from the READY line, then keeps draining so the child never blocks. */
    private static void readStdout(Process process, CompletableFuture<long[]> ready) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = READY.matcher(line.trim());
                if (m.matches()) {
                    ready.complete(new long[] {Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))});
                }
            }
            ready.completeExceptionally(new IOException("the bench server exited before it was ready"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    public int port() {
        return port;
    }

    /** The child's process id, as it reported it (for jcmd and /proc). */
    public long pid() {
        return pid;
    }

    /** {@code http://127.0.0.1:<port>}: the server listens on loopback only. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        boolean diedOnItsOwn = !process.isAlive();
        try {
            process.getOutputStream().close(); // end-of-file on the child's stdin: graceful stop
        } catch (IOException e) {
            // The pipe is already broken: the child is gone, nothing to signal.
        }
        try {
            if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (diedOnItsOwn && !killed) {
            System.err.println("bench: the server (pid " + pid + ") had exited with " + process.exitValue()
                    + " before the end; its log ends with:\n" + tail(logFile));
        }
        if (ownsWorkDir) {
            deleteTree(workDir);
        }
    }

    /**
     * SIGKILL: the node gets no chance to flush or close anything (a crash). Waits until it is
     * gone; its data directory stays, so {@link #startMember} can start it again.
     */
    public void kill9() throws InterruptedException {
        killed = true;
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Deletes {@code root} and everything under it; a failure is reported on stderr, not thrown. */
    public static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + root + ": " + e.getMessage());
        }
    }
}
