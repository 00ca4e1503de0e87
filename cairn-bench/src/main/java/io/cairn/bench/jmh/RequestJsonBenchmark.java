package io.cairn.bench.jmh;

import io.cairn.api.InstanceRequest;
import io.cairn.server.http.RequestJson;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a registration's body (116 bytes, like the load generator's registrations) with the HTTP
 * API's strict JSON reader, on the event loop of every write: {@code read} (one pass straight
 * onto the request type, the two steps only when that fails) against {@code readInTwoSteps} (a
 * tree first, then the tree mapped onto the type: what every body cost before).
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * org.openjdk.jmh.Main RequestJsonBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class RequestJsonBenchmark {

    private final RequestJson json = new RequestJson();
    /** A body as {@code RegisterWorkload} sends it. */
    private final byte[] body = ("{\"address\":\"10.0.3.7\",\"port\":8087,\"tags\":[\"http\",\"zone-b\"],"
            + "\"meta\":{\"team\":\"team-17\",\"version\":\"1.0.3\"},\"weight\":100}").getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public InstanceRequest read() {
        return json.read(body, InstanceRequest.class);
    }

    @Benchmark
    public InstanceRequest readInTwoSteps() {
        return json.readInTwoSteps(body, InstanceRequest.class);
    }
}
