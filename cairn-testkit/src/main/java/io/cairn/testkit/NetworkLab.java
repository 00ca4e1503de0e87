package io.cairn.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private network for cluster tests: every node in its own Linux network namespace with its
 * own address, all on one bridge, so that links between chosen nodes can be cut and restored
 * while the test itself still reaches every node.
 *
 * <p>What it builds, with iproute2 only (no iptables, no tc action modules):
 * <pre>
 *   ip link add clPIDb type bridge; ip addr add 10.213.X.1/24 dev clPIDb      (the test JVM's side)
 *   ip netns add cairnlab-PID-i
 *   ip link add clPIDhi type veth peer name eth0 netns cairnlab-PID-i
 *   ip link set clPIDhi master clPIDb up
 *   ip -n cairnlab-PID-i addr add 10.213.X.(10+i)/24 dev eth0; ... link set eth0 up, lo up
 * </pre>
 * and a node runs as {@code ip netns exec cairnlab-PID-i java ... --bind 10.213.X.(10+i)}
 * ({@link #launcher}, {@link #host}). The root namespace does not forward packets and the
 * namespaces have no other route, so no test traffic leaves the bridge. {@code X} is the first
 * third octet no address of this machine uses, starting from one picked from the pid, so runs in
 * parallel (or the leftovers of a crashed run, whose names hold another pid) do not collide.
 *
 * <p>A cut ({@link #cut}) is silent loss, as a pulled cable or a dropping firewall gives: each
 * side gets a permanent neighbour entry that sends the other's frames to a MAC address no
 * interface has ({@code ip -n NS neigh replace PEER lladdr 02:ca:19:de:ad:00 dev eth0 nud
 * permanent}). The bridge floods such frames and every port discards them, so a connect hangs
 * until its timeout and an open stream stalls; nothing is refused. The test JVM's frames (and the
 * node's answers to it) are untouched: a test can keep sending requests to a cut-off node and
 * see what it answers. {@link #restore} deletes the entries and ARP finds the real peer again.
 *
 * <p>Needs root and the {@code ip} command; {@link #unavailable()} says why not otherwise, so a
 * test can skip. {@link #close} kills whatever still runs in the namespaces and deletes every
 * namespace, link and bridge the lab made; a shutdown hook does the same if the JVM exits first.
 *
 * <p>Not thread-safe: one test thread creates, cuts, restores and closes it.
 */
public final class NetworkLab implements AutoCloseable {

    /** Where the lab's subnets live: 10.213.X.0/24, used only inside namespaces the lab creates. */
    private static final String NET = "10.213.";
    /** Locally administered, and no interface has it: frames sent to it go nowhere. */
    private static final String NOWHERE = "02:ca:19:de:ad:00";
    private static final Pattern LAB_ADDRESS = Pattern.compile("inet 10\\.213\\.(\\d+)\\.");
    private static final String IP = findIp();

    private final String prefix;
    private final String namespacePrefix;
    private final int subnet;
    private final int size;
    private final Set<Long> cuts = new HashSet<>();
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> links = new ArrayList<>();
    private Thread shutdownHook;

    private NetworkLab(String prefix, String namespacePrefix, int subnet, int size) {
        this.prefix = prefix;
        this.namespacePrefix = namespacePrefix;
        this.subnet = subnet;
        this.size = size;
    }

    /**
     * Why this machine cannot host a lab (no {@code ip} command, not root, namespaces refused), or
     * empty when it can. Tries to create and delete one namespace.
     */
    public static Optional<String> unavailable() {
        if (IP == null) {
            return Optional.of("the ip command (iproute2) is not installed");
        }
        String probe = "cairnlab-" + ProcessHandle.current().pid() + "-probe";
        try {
            run(IP, "netns", "add", probe);
            run(IP, "netns", "del", probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot create a network namespace (root is needed): " + e.getMessage());
        }
    }

    /**
     * Builds the bridge and {@code size} namespaces; on any failure deletes what it made.
     *
     * @throws IOException if a command fails; the message names it and quotes its error
     */
    public static NetworkLab create(int size) throws IOException {
        if (IP == null) {
            throw new IOException("the ip command (iproute2) is not installed");
        }
        long pid = ProcessHandle.current().pid();
        NetworkLab lab = new NetworkLab("cl" + pid, "cairnlab-" + pid + "-", freeSubnet(pid), size);
        try {
            lab.build();
            return lab;
        } catch (IOException | RuntimeException e) {
            try {
                lab.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void build() throws IOException {
        shutdownHook = new Thread(this::closeQuietly, "network-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        String bridge = prefix + "b";
        run(IP, "link", "add", bridge, "type", "bridge");
        links.add(bridge);
        run(IP, "addr", "add", NET + subnet + ".1/24", "dev", bridge);
        run(IP, "link", "set", bridge, "up");
        for (int i = 0; i < size; i++) {
            String ns = namespace(i);
            String veth = prefix + "h" + i;
            run(IP, "netns", "add", ns);
            namespaces.add(ns);
            run(IP, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
            links.add(veth);
            run(IP, "link", "set", veth, "master", bridge, "up");
            run(IP, "-n", ns, "addr", "add", host(i) + "/24", "dev", "eth0");
            run(IP, "-n", ns, "link", "set", "eth0", "up");
            run(IP, "-n", ns, "link", "set", "lo", "up");
        }
    }

    /** How many nodes the lab has room for. */
    public int size() {
        return size;
    }

    /** Node {@code i}'s address, to bind and advertise: {@code 10.213.X.(10+i)}. */
    public String host(int i) {
        check(i);
        return NET + subnet + "." + (10 + i);
    }

    /** The command prefix that runs a program in node {@code i}'s namespace. */
    public List<String> launcher(int i) {
        check(i);
        return List.of(IP, "netns", "exec", namespace(i));
    }

    /**
     * Cuts the link between nodes {@code a} and {@code b} both ways: from now on their packets to
     * each other are lost without a word. Cutting a cut link does nothing.
     */
    public void cut(int a, int b) throws IOException {
        check(a);
        check(b);
        if (a == b || !cuts.add(pair(a, b))) {
            return;
        }
        run(IP, "-n", namespace(a), "neigh", "replace", host(b), "lladdr", NOWHERE, "dev", "eth0", "nud", "permanent");
        run(IP, "-n", namespace(b), "neigh", "replace", host(a), "lladdr", NOWHERE, "dev", "eth0", "nud", "permanent");
    }

    /** Restores the link between {@code a} and {@code b} (the next packet finds the peer by ARP). */
    public void restore(int a, int b) throws IOException {
        check(a);
        check(b);
        if (!cuts.remove(pair(a, b))) {
            return;
        }
        run(IP, "-n", namespace(a), "neigh", "del", host(b), "dev", "eth0");
        run(IP, "-n", namespace(b), "neigh", "del", host(a), "dev", "eth0");
    }

    /** Cuts node {@code i} off from every other node; the test JVM still reaches it. */
    public void isolate(int i) throws IOException {
        for (int j = 0; j < size; j++) {
            cut(i, j);
        }
    }

    /** Restores every link of node {@code i}. */
    public void heal(int i) throws IOException {
        for (int j = 0; j < size; j++) {
            restore(i, j);
        }
    }

    private String namespace(int i) {
        return namespacePrefix + i;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("node " + i + " is not in this lab of " + size);
        }
    }

    private static long pair(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    /**
     * Kills every process still running in the lab's namespaces (a node a test left behind would
     * otherwise keep its namespace alive), then deletes the namespaces, veths and bridge.
     *
     * @throws IOException naming what could not be deleted (and so is left on the machine)
     */
    @Override
    public void close() throws IOException {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is exiting: this is the hook itself running
            }
            shutdownHook = null;
        }
        List<String> failures = new ArrayList<>();
        for (String ns : namespaces) {
            try {
                for (String pid : run(IP, "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                            p.destroyForcibly();
                            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
                        });
                    }
                }
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        // Deleting a veth deletes its peer in the namespace; the bridge goes last.
        for (int i = links.size() - 1; i >= 0; i--) {
            try {
                run(IP, "link", "del", links.get(i));
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        links.clear();
        for (String ns : namespaces) {
            try {
                run(IP, "netns", "del", ns);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        namespaces.clear();
        cuts.clear();
        if (!failures.isEmpty()) {
            throw new IOException("network lab " + prefix + " left things behind: " + String.join("; ", failures));
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println(e.getMessage());
        }
    }

    /** The first third octet, from one derived from the pid on, that no local address uses. */
    private static int freeSubnet(long pid) throws IOException {
        Set<Integer> used = new HashSet<>();
        Matcher m = LAB_ADDRESS.matcher(run(IP, "-o", "-4", "addr", "show"));
        while (m.find()) {
            used.add(Integer.parseInt(m.group(1)));
        }
        for (int k = 0; k < 256; k++) {
            int candidate = (int) ((pid + k) % 256);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new IOException("every subnet 10.213.X.0/24 is in use on this machine");
    }

    /** Runs one command and returns its output; fails with the command line and its stderr. */
    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.strip());
        }
        return out;
    }

    private static String findIp() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"),
                Path.of("/usr/bin/ip"), Path.of("/bin/ip")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "ip"));
                }
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
