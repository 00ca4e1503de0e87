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
 * A Cairn node in its own JVM, started with {@code cairn server} on ephemeral ports.
 *
 * <p>The child runs the CLI's main class on this JVM's class path, so a test exercises the same
 * code it was compiled against without packaging. Its stdout is read for the "serving" line to
 * learn the HTTP port; its stderr (the operator log) goes to {@code <logFile>} so a failing test
 * can show what the node said.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving http://([^:\\s]+):(\\d+)");

    private final Process process;
    private final Path logFile;
    private final String host;
    private final int httpPort;

    private ServerProcess(Process process, Path logFile, String host, int httpPort) {
        this.process = process;
        this.logFile = logFile;
        this.host = host;
        this.httpPort = httpPort;
    }

    /**
     * Starts a node on {@code dataDir} and waits until it serves HTTP.
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
     * {@code launcher} (e.g. {@code ip netns exec NS}, from {@link NetworkLab#launcher}); the
     * launcher must exec the command, so that this process's pid is the node's.
     */
    public static ServerProcess start(List<String> launcher, Path dataDir, int httpPort, int raftPort,
            Duration timeout, String... extraArgs) throws IOException {
        Path logFile = dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // The node's operator log at INFO whatever the test class path's logging file says.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=warn",
                "-Dorg.slf4j.simpleLogger.log.io.netty=warn", "-Dorg.slf4j.simpleLogger.log.io.grpc=warn", "-cp", System.getProperty("java.class.path"), "io.cairn.cli.Main", "server",
                "--data-dir", dataDir.toString(), "--http-port", Integer.toString(httpPort), "--raft-port",
                Integer.toString(raftPort),
                // A free DNS port (GET /v1/status says which): nodes of one machine never contend for 8600.
                "--dns-port", "0"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectError(logFile.toFile()).start();
        CompletableFuture<Matcher> serving = CompletableFuture.supplyAsync(() -> readServing(process));
        try {
            Matcher m = serving.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ServerProcess(process, logFile, m.group(1), Integer.parseInt(m.group(2)));
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("server did not start within " + timeout.toMillis() + " ms; log tail:\n"
                    + tail(logFile), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the server", e);
        }
    }

    /** The "serving" line's match: group 1 the host the node listens on, group 2 its HTTP port. */
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

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public int httpPort() {
        return httpPort;
    }

    /** The base URL of the node's HTTP API, on the address it listens on ({@code --bind}). */
    public String address() {
        return "http://" + host + ":" + httpPort;
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

    /** The node's operator log so far. */
    public String log() throws IOException {
        return Files.readString(logFile);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
