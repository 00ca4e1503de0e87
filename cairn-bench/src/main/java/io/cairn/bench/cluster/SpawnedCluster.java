package io.cairn.bench.cluster;

import io.cairn.testkit.ClusterReadiness;
import io.cairn.testkit.ScratchDirectory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.NodeStatus;
import io.cairn.bench.BenchServer;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A cluster of {@link io.cairn.bench.BenchServer} processes on 127.0.0.1, formed as a brand-new
 * cluster is: every member starts with {@code bootstrap-expect} = the size and {@code join}
 * naming the others. Members keep their ports and data directories across {@link #kill9} and
 * {@link #restart}, as a machine's node would, and a restarted member gets the very flags of its
 * first start (which the server documents as harmless).
 *
 * <p>Threading: one thread drives it (a benchmark's main thread); {@link #pids()} and
 * {@link #addresses()} may be read from others.
 */
public final class SpawnedCluster implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);

    private final ScratchDirectory root;
    private final List<String> jvmOptions;
    private final List<Integer> httpPorts = new ArrayList<>();
    private final List<Integer> raftPorts = new ArrayList<>();
    private final List<List<String>> args = new ArrayList<>();
    private final ServerProcess[] members;
    private final String[] nodeIds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private SpawnedCluster(ScratchDirectory root, int size, List<String> jvmOptions) {
        this.root = root;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.members = new ServerProcess[size];
        this.nodeIds = new String[size];
    }

    /**
     * Starts {@code size} members and returns once each serves HTTP (not yet formed: see
     * {@link #awaitReplicated}).
     *
     * @param serverArgs {@link io.cairn.bench.BenchServer} flags every member gets, e.g.
     *     {@code --partitions 16} or {@code --set replication=3}
     */
    public static SpawnedCluster start(int size, List<String> jvmOptions, List<String> serverArgs)
            throws IOException {
        if (size < 2 || size > 9) {
            throw new IllegalArgumentException("a spawned cluster has 2-9 members, got " + size);
        }
        SpawnedCluster cluster = new SpawnedCluster(ScratchDirectory.create("cairn-cluster-"), size, jvmOptions);
        try {
            for (int i = 0; i < size; i++) {
                cluster.httpPorts.add(freePort());
                cluster.raftPorts.add(freePort());
            }
            for (int i = 0; i < size; i++) {
                List<String> others = new ArrayList<>();
                for (int j = 0; j < size; j++) {
                    if (j != i) {
                        others.add("127.0.0.1:" + cluster.httpPorts.get(j));
                    }
                }
                List<String> memberArgs = new ArrayList<>(serverArgs);
                memberArgs.addAll(List.of("--set", "bootstrap-expect=" + size, "--set", "join=" + String.join(",", others)));
                cluster.args.add(memberArgs);
            }
            // A member that joins serves at once (the others must reach it to form the cluster),
            // so starting them one after the other cannot deadlock.
            for (int i = 0; i < size; i++) {
                cluster.restart(i);
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public int size() {
        return members.length;
    }

    /** {@code http://127.0.0.1:PORT} of each member, by index. */
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (int port : httpPorts) {
            out.add("http://127.0.0.1:" + port);
        }
        return out;
    }

    public String address(int i) {
        return "http://127.0.0.1:" + httpPorts.get(i);
    }

    /** The process ids of the members that run now. */
    public List<Long> pids() {
        List<Long> out = new ArrayList<>();
        for (ServerProcess m : members) {
            if (m != null && m.isAlive()) {
                out.add(m.pid());
            }
        }
        return out;
    }

    public boolean running(int i) {
        return members[i] != null && members[i].isAlive();
    }

    /** The member's node id (from its {@code /v1/status}, asked once and remembered). */
    public String nodeId(int i) throws IOException, InterruptedException {
        if (nodeIds[i] == null) {
            nodeIds[i] = get(i, "/v1/status", NodeStatus.class).node();
        }
        return nodeIds[i];
    }

    /** SIGKILL of member {@code i}; returns once the process is gone. Its data stays. */
    public void kill9(int i) throws InterruptedException {
        members[i].kill9();
    }

    /** Starts member {@code i} (again) on its data directory, ports and flags; returns once it serves. */
    public void restart(int i) throws IOException {
        if (running(i)) {
            throw new IllegalStateException("member " + i + " is running");
        }
        members[i] = BenchServer.spawnMember(root.path().resolve("node-" + i), httpPorts.get(i), raftPorts.get(i),
                memberJvmOptions(i), args.get(i), START);
    }

    /**
     * The JVM options with {@code {node}} replaced by the member's index, so that e.g. each
     * member writes its own flight recording ({@code filename=/tmp/node-{node}.jfr}).
     */
    private List<String> memberJvmOptions(int i) {
        List<String> out = new ArrayList<>();
        for (String option : jvmOptions) {
            out.add(option.replace("{node}", Integer.toString(i)));
        }
        return out;
    }

    /** Waits until every partition has a leader and all its replicas ({@link ClusterReadiness#replicatedProblem}). */
    public void awaitReplicated(Duration timeout) throws IOException, InterruptedException {
        await(timeout, "every partition replicated and led", (members, table) -> ClusterReadiness.replicatedProblem(members, table));
    }

    /** Waits until the cluster has converged ({@link ClusterReadiness#convergedProblem}), as every running member sees it. */
    public void awaitConverged(Duration timeout) throws IOException, InterruptedException {
        Set<String> running = new HashSet<>();
        for (int i = 0; i < members.length; i++) {
            if (running(i)) {
                running.add(nodeId(i));
            }
        }
        await(timeout, "converged", (members, table) -> ClusterReadiness.convergedProblem(members, table, running));
    }

    /** The partition table as member {@code i} reports it. */
    public ClusterPartitions partitions(int i) throws IOException, InterruptedException {
        return get(i, "/v1/cluster/partitions", ClusterPartitions.class);
    }

    public ClusterMembers members(int i) throws IOException, InterruptedException {
        return get(i, "/v1/cluster/members", ClusterMembers.class);
    }

    private void await(Duration timeout, String what, BiFunction<ClusterMembers, ClusterPartitions, String> check)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            last = problem(check, last);
            if (last == null) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the cluster was not " + what + " within " + timeout.toSeconds() + " s: " + last);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The first problem any running member reports, or null when none does. */
    private String problem(BiFunction<ClusterMembers, ClusterPartitions, String> check, String last)
            throws InterruptedException {
        for (int i = 0; i < members.length; i++) {
            if (!running(i)) {
                continue;
            }
            try {
                String problem = check.apply(members(i), partitions(i));
                if (problem != null) {
                    return "member " + i + " reports: " + problem;
                }
            } catch (IOException e) {
                return "member " + i + ": " + e.getMessage();
            }
        }
        return null;
    }

    private <T> T get(int i, String path, Class<T> type) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(address(i) + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " on member " + i + " answered " + r.statusCode());
        }
        return json.readValue(r.body(), type);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Stops every member gracefully (all at once: one waits for none) and deletes the cluster's directory. */
    @Override
    public void close() {
        List<Thread> closing = new ArrayList<>();
        for (ServerProcess m : members) {
            if (m != null) {
                Thread t = new Thread(() -> stop(m), "bench-cluster-close-" + m.pid());
                t.start();
                closing.add(t);
            }
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        root.close();
    }

    private static void stop(ServerProcess member) {
        try {
            member.stop(GRACEFUL_STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
