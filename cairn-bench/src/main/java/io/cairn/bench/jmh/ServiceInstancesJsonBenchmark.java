package io.cairn.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.core.model.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The body of a lookup ({@code GET /v1/services/{service}}, 20 instances): building the views
 * from the catalog's instances and writing them as JSON with Jackson, as the HTTP API does on
 * its event loop for every read. Its cost bounds lookups per second per core.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * org.openjdk.jmh.Main ServiceInstancesJsonBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ServiceInstancesJsonBenchmark {

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private List<Instance> instances;

    @Setup
    public void setUp() {
        instances = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            instances.add(InstanceSamples.instance(7, i, 1));
        }
    }

    @Benchmark
    public byte[] lookupBody() throws Exception {
        List<InstanceView> views = new ArrayList<>(instances.size());
        for (Instance i : instances) {
            views.add(new InstanceView(i.key().namespace(), i.key().service(), i.id(), i.address(), i.port(),
                    i.tags(), i.meta(), i.weight()));
        }
        return mapper.writeValueAsBytes(new ServiceInstances("default", "bench-svc-00007", 42, views));
    }
}
