package io.cairn.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The owner of one ephemeral instance, as a separate JVM: it registers the instance, renews it
 * every TTL/4, and registers it again whenever the registry says it is unknown (after it expired).
 * Freezing this process (SIGSTOP) is how tests and benchmarks make an owner die without telling
 * anyone; resuming it (SIGCONT) brings the instance back.
 *
 * <p>Run: {@code java -cp ... io.cairn.testkit.EphemeralOwner BASE_URL SERVICE ID TTL_MS LIFETIME_S};
 * it exits by itself after {@code LIFETIME_S} seconds, so a forgotten one does not linger.
 */
public final class EphemeralOwner implements AutoCloseable {

    private final Process process;

    private EphemeralOwner(Process process) {
        this.process = process;
    }

    /** Starts an owner process with this JVM's class path. */
    public static EphemeralOwner start(String baseUrl, String service, String id, Duration ttl, Duration lifetime)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EphemeralOwner.class.getName(), baseUrl, service, id, Long.toString(ttl.toMillis()),
                Long.toString(lifetime.toSeconds())));
        return new EphemeralOwner(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    public long pid() {
        return process.pid();
    }

    /** SIGSTOP: the owner stops sending heartbeats, as a hung process would. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String service = args[1];
        String id = args[2];
        long ttlMs = Long.parseLong(args[3]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String body = "{\"address\":\"127.0.0.1\",\"port\":9,\"ephemeral\":true,\"ttl\":\"" + ttlMs + "ms\"}";
        URI instance = URI.create(base + "/v1/services/" + service + "/instances/" + id);
        URI heartbeat = URI.create(base + "/v1/services/" + service + "/instances/" + id + "/heartbeat");
        boolean registered = false;
        while (System.nanoTime() < deadline) {
            try {
                if (!registered) {
                    registered = send(http, HttpRequest.newBuilder(instance).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))) == 200;
                } else {
                    // 404: the registry no longer holds it (it expired while we were frozen).
                    registered = send(http, HttpRequest.newBuilder(heartbeat)
                            .PUT(HttpRequest.BodyPublishers.noBody())) == 200;
                    if (!registered) {
                        continue;
                    }
                }
            } catch (IOException e) {
                registered = false; // registry unreachable: register again once it answers
            }
            Thread.sleep(Math.max(10, ttlMs / 4)); // the owner's heartbeat period, not a test wait
        }
    }

    private static int send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
