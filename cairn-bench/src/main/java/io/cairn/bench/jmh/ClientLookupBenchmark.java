package io.cairn.bench.jmh;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.bench.BenchServer;
import io.cairn.client.Cairn;
import io.cairn.client.CairnClient;
import io.cairn.client.InstanceQuery;
import io.cairn.client.balance.CallObserver;
import io.cairn.client.balance.LoadBalancer;
import io.cairn.testkit.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an application pays per call to find an instance: a lookup in the client library's cache
 * ({@link Cairn#healthy}, or a tag query) plus one balancer pick, for a service of 20 instances
 * kept current by a watch on a real node (spawned in its own JVM for the trial). Target: under
 * 200 ns and (almost) no allocation; run with {@code -prof gc} for bytes per operation.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * org.openjdk.jmh.Main ClientLookupBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ClientLookupBenchmark {

    private static final String SERVICE = "bench-lookup";
    private static final InstanceQuery V2 = InstanceQuery.passing().withTag("v2");

    private ServerProcess server;
    private Cairn cairn;
    private final LoadBalancer roundRobin = LoadBalancer.roundRobin();
    private final LoadBalancer weightedRandom = LoadBalancer.weightedRandom();
    private final LoadBalancer p2c = LoadBalancer.powerOfTwoChoices();
    private final LoadBalancer consistentHash = LoadBalancer.consistentHash();

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = BenchServer.spawn(BenchServer.DEFAULT_JVM_OPTIONS, List.of(), Duration.ofSeconds(120));
        try (CairnClient writer = new CairnClient(server.address(), Duration.ofSeconds(10))) {
            for (int i = 0; i < 20; i++) {
                writer.register(null, SERVICE, "i" + i, new InstanceRequest("10.0.0." + (i + 1), 8080,
                        List.of(i % 2 == 0 ? "v2" : "v1"), Map.of("zone", "z" + (i % 3)), 50 + 10 * i));
            }
        }
        cairn = Cairn.builder().addresses(server.address()).build();
        if (cairn.healthy(SERVICE).size() != 20) {
            throw new IllegalStateException("expected 20 instances, got " + cairn.instances(SERVICE));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        cairn.close();
        server.close();
    }

    @Benchmark
    public List<InstanceView> lookupOnly() {
        return cairn.healthy(SERVICE);
    }

    @Benchmark
    public InstanceView roundRobin() {
        return roundRobin.pick(cairn.healthy(SERVICE), null);
    }

    @Benchmark
    public InstanceView weightedRandom() {
        return weightedRandom.pick(cairn.healthy(SERVICE), null);
    }

    /** A pick and the start and end of its call, as Failover reports them. */
    @Benchmark
    public InstanceView powerOfTwoChoices() {
        InstanceView chosen = p2c.pick(cairn.healthy(SERVICE), null);
        ((CallObserver) p2c).started(chosen);
        ((CallObserver) p2c).finished(chosen);
        return chosen;
    }

    @Benchmark
    public InstanceView consistentHash() {
        return consistentHash.pick(cairn.healthy(SERVICE), "user-4711");
    }

    @Benchmark
    public InstanceView tagQueryRoundRobin() {
        return roundRobin.pick(cairn.instances(SERVICE, V2), null);
    }
}
