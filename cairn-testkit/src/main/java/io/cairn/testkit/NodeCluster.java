package io.cairn.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartitions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A cluster of real {@code cairn server} processes on 127.0.0.1 (or each in its own network
 * namespace of a {@link NetworkLab}): the first node forms the cluster alone, the others join it.
 * Nodes keep their ports and data directories across {@link #kill9}/{@link #restart}, as a
 * machine's node would.
 *
 * <p>Every scenario ends with {@link #awaitConverged} (every partition led by its preferred leader
 * and held by exactly the replicas its placement wants, every member alive) and the equality checks of
 * {@link #assertReplicasEqual}.
 *
 * <p>One class past 400 lines because its methods work on one cluster's state (its nodes with
 * their ports, flags and processes, the token, the HTTP client) and scenarios reach it all through
 * one object; {@link Node} stays nested because tests in other modules name it
 * {@code NodeCluster.Node}. The convergence rule lives beside it ({@link ClusterReadiness}), as
 * does running one node's process ({@link ServerProcess}).
 */
public final class NodeCluster implements AutoCloseable {

    /** One member: where it lives, and its process while it runs. */
    public static final class Node {
        private final int index;
        private final String host;
        private final Path dataDir;
        private final int httpPort;
        private final int raftPort;
        private final List<String> args;
        /** {@code http} or {@code https}. */
        private final String scheme;
        private ServerProcess process;

        Node(int index, String host, Path dataDir, int httpPort, int raftPort, List<String> args, String scheme) {
            this.scheme = scheme;
            this.index = index;
            this.host = host;
            this.dataDir = dataDir;
            this.httpPort = httpPort;
            this.raftPort = raftPort;
            this.args = args;
        }

        public int index() {
            return index;
        }

        /** {@code http://HOST:PORT}, or https for a cluster with TLS (HOST is 127.0.0.1, or the node's address in the lab) */
        public String address() {
            return scheme + "://" + hostPort();
        }

        /** {@code HOST:PORT}, as {@code --join} takes it. */
        public String hostPort() {
            return host + ":" + httpPort;
        }

        public boolean running() {
            return process != null && process.isAlive();
        }

        public ServerProcess process() {
            return process;
        }

        public Path dataDir() {
            return dataDir;
        }
    }

    private static final Duration START = Duration.ofSeconds(90);

    private final Path root;
    /** Where the nodes run: null for 127.0.0.1 in this network namespace. */
    private final NetworkLab lab;
    private final List<String> common;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http;
    /** {@code https} when the nodes serve TLS (see {@link #startTls}), else {@code http}. */
    private final String scheme;
    /** The secret every request of this class carries ({@code Authorization: Bearer}), or null with ACLs off. */
    private String token;
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private NodeCluster(Path root, NetworkLab lab, List<String> common) {
        this(root, lab, common, null);
    }

    /** @param tls the TLS context this JVM talks to the nodes with, or null for plain HTTP */
    private NodeCluster(Path root, NetworkLab lab, List<String> common, SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
        this.scheme = tls != null ? "https" : "http";
        this.root = root;
        this.lab = lab;
        this.common = common;
    }

    /**
     * Starts {@code size} nodes: node 0 alone, the others joining it, and waits until the
     * cluster has converged.
     *
     * @param common flags every node gets (e.g. {@code --partitions 4 --member-grace 3s})
     */
    public static NodeCluster start(Path root, int size, String... common) throws IOException, InterruptedException {
        return start(root, null, size, common);
    }

    /**
     * Like {@link #start(Path, int, String...)}, node {@code i} in the lab's namespace {@code i},
     * bound to its address there; the lab stays the caller's to cut, heal and close (after this).
     */
    public static NodeCluster start(Path root, NetworkLab lab, int size, String... common)
            throws IOException, InterruptedException {
        return form(new NodeCluster(root, lab, List.of(common)), size);
    }

    /**
     * Like {@link #start(Path, int, String...)} for nodes serving TLS: {@code common} carries the
     * nodes' {@code --tls-*} flags, and {@code tls} is how this JVM (its {@link #http()} client)
     * verifies them and presents a certificate of their CA, which the cluster endpoints need.
     */
    public static NodeCluster startTls(Path root, int size, SSLContext tls, String... common)
            throws IOException, InterruptedException {
        return form(new NodeCluster(root, null, List.of(common), tls), size);
    }

    private static NodeCluster form(NodeCluster cluster, int size) throws IOException, InterruptedException {
        try {
            cluster.add(List.of());
            for (int i = 1; i < size; i++) {
                cluster.add(List.of("--join", cluster.nodes.get(0).hostPort()));
            }
            cluster.awaitConverged(Duration.ofSeconds(120));
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Like {@link #start(Path, int, String...)} with ACLs on: {@code secret} is written to a file
     * every node gets as {@code --acl-initial-token-file} (node 0 makes it the initial management
     * token; every node presents it to the others), and this class's own requests carry it.
     */
    public static NodeCluster startWithAcl(Path root, int size, String secret, String... common)
            throws IOException, InterruptedException {
        java.nio.file.Files.createDirectories(root);
        Path file = java.nio.file.Files.writeString(root.resolve("initial-token"), secret);
        List<String> flags = new ArrayList<>(List.of(common));
        flags.addAll(List.of("--acl", "on", "--acl-initial-token-file", file.toString()));
        NodeCluster cluster = new NodeCluster(root, null, flags);
        cluster.token = secret;
        try {
            cluster.add(List.of());
            for (int i = 1; i < size; i++) {
                cluster.add(List.of("--join", cluster.nodes.get(0).hostPort()));
            }
            cluster.awaitConverged(Duration.ofSeconds(120));
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** A request to a node's API, with this cluster's token when it has one. */
    public HttpRequest.Builder request(Node node, String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.address() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /**
     * Starts {@code size} brand-new nodes together, each with {@code --bootstrap-expect size}
     * and {@code --join} naming all the others, and waits until they have formed one cluster.
     */
    public static NodeCluster bootstrap(Path root, int size, String... common) throws IOException {
        NodeCluster cluster = new NodeCluster(root, null, List.of(common));
        try {
            List<int[]> ports = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ports.add(new int[] {freePort(), freePort()});
            }
            for (int i = 0; i < size; i++) {
                StringBuilder others = new StringBuilder();
                for (int j = 0; j < size; j++) {
                    if (j != i) {
                        others.append(others.length() == 0 ? "" : ",").append("127.0.0.1:").append(ports.get(j)[0]);
                    }
                }
                List<String> args = new ArrayList<>(cluster.common);
                args.addAll(List.of("--bootstrap-expect", Integer.toString(size), "--join", others.toString()));
                Node node = new Node(i, "127.0.0.1", root.resolve("node-" + i), ports.get(i)[0], ports.get(i)[1], args,
                        cluster.scheme);
                cluster.nodes.add(node);
                node.process = ServerProcess.start(node.dataDir, node.httpPort, node.raftPort, START,
                        args.toArray(String[]::new));
            }
            cluster.awaitConverged(Duration.ofSeconds(120));
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more node with these flags (beside the common ones), without waiting for convergence. */
    public Node add(List<String> flags) throws IOException {
        int index = nodes.size();
        List<String> args = new ArrayList<>(common);
        args.addAll(flags);
        String host = lab == null ? "127.0.0.1" : lab.host(index);
        if (lab != null) {
            // The lab's addresses are not loopback, so a node there refuses ACLs off without
            // --insecure; its network is a namespace this test made and nobody else reaches.
            args.addAll(List.of("--bind", host, "--insecure"));
        }
        Node node = new Node(index, host, root.resolve("node-" + index), freePort(), freePort(), args, scheme);
        nodes.add(node);
        node.process = launch(node);
        return node;
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes whose process runs. */
    public List<Node> running() {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.running()) {
                out.add(n);
            }
        }
        return out;
    }

    public void kill9(int i) throws InterruptedException {
        nodes.get(i).process.kill9();
    }

    /** Starts a stopped node again on its data directory, ports and flags. */
    public void restart(int i) throws IOException {
        node(i).process = launch(node(i));
    }

    private ServerProcess launch(Node node) throws IOException {
        // A port free here is free in a fresh namespace too.
        return ServerProcess.start(lab == null ? List.of() : lab.launcher(node.index), node.dataDir, node.httpPort,
                node.raftPort, START, node.args.toArray(String[]::new));
    }

    /** GET a JSON answer from a node. */
    public <T> T get(Node node, String path, Class<T> type) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(node, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " on node " + node.index + " answered " + r.statusCode() + ": "
                    + new String(r.body()));
        }
        return json.readValue(r.body(), type);
    }

    public ObjectMapper json() {
        return json;
    }

    public HttpClient http() {
        return http;
    }

    /**
     * Waits until, as every running node reports it: the members that run are alive and
     * reachable, and every partition is led by its preferred leader and held by exactly the
     * replicas its placement names. Holds under load too (it says nothing of applied indexes).
     *
     * @throws AssertionError with the last observed state when the deadline passes
     */
    public void awaitConverged(Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    String problem = convergenceProblem();
                    last.set(problem);
                    return problem == null;
                } catch (IOException e) {
                    last.set(e.getMessage());
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("cluster did not converge within " + timeout.toMillis() + " ms: " + last.get(), e);
        }
    }

    /**
     * Every replica of each service's partition holds the same state at the same revision: the
     * service read with {@code ?stale} from every running node (a node without a replica
     * forwards to the leader) gives the same revision and the same instances.
     *
     * @return the state every node agrees on, by service
     */
    public Map<String, ServiceInstances> assertReplicasEqual(Collection<String> services) {
        // Followers apply an entry a heartbeat after the leader: once writes stop, the replicas
        // agree within moments, so the comparison is retried until then (30 s at most).
        AtomicReference<Map<String, ServiceInstances>> agreed = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> agreed.set(compareReplicas(services)));
        return agreed.get();
    }

    private Map<String, ServiceInstances> compareReplicas(Collection<String> services)
            throws IOException, InterruptedException {
        Map<String, ServiceInstances> agreed = new TreeMap<>();
        for (String service : services) {
            ServiceInstances first = null;
            for (Node n : running()) {
                HttpResponse<byte[]> r = http.send(request(n, "/v1/services/" + service + "?stale").GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new AssertionError("stale read of " + service + " on node " + n.index + " answered "
                            + r.statusCode() + ": " + new String(r.body()));
                }
                ServiceInstances seen = json.readValue(r.body(), ServiceInstances.class);
                if (first == null) {
                    first = seen;
                } else if (first.revision() != seen.revision() || !ids(first).equals(ids(seen))) {
                    throw new AssertionError("replicas differ for " + service + ": revision " + first.revision() + " "
                            + ids(first) + " against node " + n.index + " revision " + seen.revision() + " " + ids(seen));
                }
            }
            agreed.put(service, first);
        }
        return agreed;
    }

    private static Set<String> ids(ServiceInstances s) {
        Set<String> out = new TreeSet<>();
        for (InstanceView i : s.instances()) {
            out.add(i.id() + "@" + i.address() + ":" + i.port());
        }
        return out;
    }

    /** What stops the cluster from being converged now, as any running node sees it, or null. */
    public String convergenceProblem() throws IOException, InterruptedException {
        Set<String> runningIds = new HashSet<>();
        for (Node n : running()) {
            runningIds.add(get(n, "/v1/status", io.cairn.api.NodeStatus.class).node());
        }
        for (Node n : running()) {
            String problem = ClusterReadiness.convergedProblem(get(n, "/v1/cluster/members", ClusterMembers.class),
                    get(n, "/v1/cluster/partitions", ClusterPartitions.class), runningIds);
            if (problem != null) {
                return "node " + n.index + ": " + problem;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.process != null) {
                try {
                    n.process.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
