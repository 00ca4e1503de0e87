package io.cairn.bench;

import io.cairn.testkit.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput, latency and server CPU of a node's DNS interface under UDP queries
 * ({@link DnsQueryLoop}: one socket, up to {@code --window} queries unanswered at once), one row
 * per query type.
 *
 * <p>Without {@code --target} it spawns a {@link BenchServer} with the JVM options of
 * {@code cairn server} (DNS on a free port, found in {@code GET /v1/status}), registers
 * {@code --instances} instances of one service over HTTP, and reports the server's CPU per query
 * from {@code /proc/<pid>/stat} ({@link CpuMeter}) beside the generator's. With
 * {@code --target HOST:PORT} it queries an existing node's DNS port for {@code --service}, which
 * must exist there (no CPU columns). Each step is bounded by {@code --warmup + --duration} and by
 * {@code --max-queries}.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * io.cairn.bench.DnsLoad --types A,SRV --window 64 --duration 10s}
 */
@Command(name = "dns-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "UDP DNS load against a Cairn node; prints queries/s, latency percentiles and CPU per query.")
public final class DnsLoad implements Callable<Integer> {

    private static final String SERVICE = "bench-dns";

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "An existing node's DNS address on loopback, e.g. 127.0.0.1:8600. Default: spawn one.")
    String target;

    @Option(names = "--service", paramLabel = "NAME", defaultValue = SERVICE,
            description = "The service asked for (default ${DEFAULT-VALUE}); registered when the node is spawned.")
    String service;

    @Option(names = "--types", split = ",", paramLabel = "TYPE", defaultValue = "A,SRV",
            description = "Query types, one step each: A, AAAA or SRV (default ${DEFAULT-VALUE}).")
    List<String> types;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "5",
            description = "Instances registered when the node is spawned (default ${DEFAULT-VALUE}; 5 A records "
                    + "and 5 SRV with their addresses fit in 512 bytes).")
    int instances;

    @Option(names = "--window", paramLabel = "N", defaultValue = "64",
            description = "Queries unanswered at once at most (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time per step (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Unmeasured time before each step (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--max-queries", paramLabel = "N", defaultValue = "20000000",
            description = "Bound on queries per step, warmup included (default ${DEFAULT-VALUE}).")
    long maxQueries;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or markdown (default ${DEFAULT-VALUE}).")
    ResultTable.Format format;

    @Option(names = "--server-set", paramLabel = "NAME=VALUE",
            description = "Another setting of the spawned server by its `cairn server` flag name, e.g. "
                    + "--server-set http-threads=2 (repeatable).")
    Map<String, String> serverSettings = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new DnsLoad()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(LoadGenerator::report).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (duration.isZero() || duration.isNegative() || warmup.isNegative() || maxQueries <= 0 || instances < 1
                || window < 1 || window > DnsQueryLoop.MAX_WINDOW) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--duration and --max-queries must be "
                    + "positive, --instances at least 1, --window 1-" + DnsQueryLoop.MAX_WINDOW);
        }
        for (String t : types) {
            int type = Type.value(t.toUpperCase(Locale.ROOT));
            if (type != Type.A && type != Type.AAAA && type != Type.SRV) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--types takes A, AAAA and SRV, got "
                        + t);
            }
        }
        if (target != null) {
            load(loopback(target), null);
            return 0;
        }
        try (ServerProcess server = BenchServer.spawn(BenchServer.DEFAULT_JVM_OPTIONS,
                LoadGenerator.serverArgs(null, serverSettings), Duration.ofSeconds(120))) {
            int dnsPort = prepare(server);
            System.err.printf("bench: spawned server pid=%d http=%d dns=%d jvm=%s%n", server.pid(), server.httpPort(),
                    dnsPort, String.join(" ", BenchServer.DEFAULT_JVM_OPTIONS));
            load(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort), server.pid());
        }
        return 0;
    }

    /** Registers the instances (IPv4 and, for AAAA, IPv6 each) and returns the node's DNS port. */
    private int prepare(ServerProcess server) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i <= instances; i++) {
            String address = types.stream().anyMatch(t -> t.equalsIgnoreCase("AAAA")) && i % 2 == 0
                    ? "fd00::" + Integer.toHexString(i) : "10.3." + (i / 250) + "." + (i % 250);
            String body = json.writeValueAsString(Map.of("address", address, "port", 8000 + i));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.address() + "/v1/services/"
                    + service + "/instances/" + service + "-" + i)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("could not register instance " + i + ": " + r.statusCode() + " " + r.body());
            }
        }
        JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(URI.create(server.address() + "/v1/status"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        if (!status.path("dnsPort").canConvertToInt() || status.path("dnsPort").asInt() <= 0) {
            throw new IOException("the spawned node reports no DNS port: " + status);
        }
        return status.get("dnsPort").asInt();
    }

    private void load(InetSocketAddress dns, Long serverPid) throws IOException, InterruptedException {
        ResultTable table = new ResultTable(System.out, format, serverPid != null);
        CpuMeter meter = serverPid == null ? null : new CpuMeter(List.of(serverPid));
        table.header();
        for (String t : types) {
            int type = Type.value(t.toUpperCase(Locale.ROOT));
            byte[] query = Message.newQuery(Record.newRecord(Name.fromString(service + ".service.consul."), type,
                    DClass.IN)).toWire();
            String scenario = "dns-" + Type.string(type).toLowerCase(Locale.ROOT);
            System.err.printf("bench: %s, window %d: %d s warmup, %d s measured%n", scenario, window,
                    warmup.toSeconds(), duration.toSeconds());
            try (DnsQueryLoop loop = new DnsQueryLoop(dns, query, window)) {
                long sent = loop.run(System.nanoTime() + warmup.toNanos(), maxQueries);
                loop.interval(scenario, 0); // the warmup's answers are not measured
                if (meter != null) {
                    meter.begin();
                }
                long start = System.nanoTime();
                loop.run(start + duration.toNanos(), Math.max(0, maxQueries - sent));
                double seconds = (System.nanoTime() - start) / 1e9;
                if (meter != null) {
                    meter.end();
                }
                StepResult r = loop.interval(scenario, seconds);
                table.row(r, meter == null ? null : meter.perOperation(r.operations()));
                if (r.firstError() != null) {
                    System.err.println("bench: first error of the step: " + r.firstError());
                }
            }
        }
    }

    /** HOST:PORT on loopback only: the generator never loads another machine. */
    static InetSocketAddress loopback(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--target must be HOST:PORT, got " + hostPort);
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        InetSocketAddress address = new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("--target must name a loopback address, got " + hostPort);
        }
        return address;
    }
}
