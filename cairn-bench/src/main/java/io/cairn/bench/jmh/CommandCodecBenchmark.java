package io.cairn.bench.jmh;

import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The binary command codec on a write's path: the HTTP thread encodes each Register, the
 * group-commit writer joins a batch, and the partition's apply thread decodes the batch (on the
 * leader and again on every replay). {@code batchSize} 64 is a busy partition's group commit.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * org.openjdk.jmh.Main CommandCodecBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class CommandCodecBenchmark {

    @Param({"1", "64"})
    int batchSize;

    private Register register;
    private List<byte[]> encoded;
    private byte[] batch;

    @Setup
    public void setUp() {
        register = new Register(InstanceSamples.instance(42, 3, 7));
        List<Command> commands = new ArrayList<>(batchSize);
        encoded = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            Register r = new Register(InstanceSamples.instance(i, i % 10, 1));
            commands.add(r);
            encoded.add(CommandCodec.encode(r));
        }
        batch = CommandCodec.encodeBatch(commands);
    }

    /** One Register, as the HTTP thread encodes it before queueing. */
    @Benchmark
    public byte[] encodeRegister() {
        return CommandCodec.encode(register);
    }

    /** Joining a group commit's encoded commands into one log entry. */
    @Benchmark
    public byte[] joinBatch() {
        return CommandCodec.batch(encoded);
    }

    /** Decoding one log entry of {@code batchSize} Registers, as the apply thread does. */
    @Benchmark
    public List<Command> decodeBatch() {
        return CommandCodec.decodeBatch(batch);
    }
}
