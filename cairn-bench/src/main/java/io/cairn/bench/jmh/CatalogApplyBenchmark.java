package io.cairn.bench.jmh;

import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Register;
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
 * {@link PartitionCatalog#apply} of a Register that changes an existing instance: the work the
 * single apply thread of a partition does per acknowledged write (lookup, copy-on-write of the
 * service's instance array, equality check). The catalog holds about what one partition of a
 * 100,000-instance node holds ({@code services x instancesPerService}); every applied command
 * really changes its instance, as in the load generator's register scenario.
 *
 * <p>Run: {@code java -cp 'cairn-bench/target/cairn-bench.jar:cairn-bench/target/lib/*'
 * org.openjdk.jmh.Main CatalogApplyBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class CatalogApplyBenchmark {

    @Param({"625"})
    int services;

    @Param({"10", "200"})
    int instancesPerService;

    private PartitionCatalog catalog;
    /** Version 2 of every instance, then version 1 of every instance: applying in a cycle always changes. */
    private Register[] updates;
    private int next;

    @Setup
    public void setUp() {
        catalog = new PartitionCatalog();
        int keys = services * instancesPerService;
        updates = new Register[2 * keys];
        int k = 0;
        for (int i = 0; i < instancesPerService; i++) {
            for (int s = 0; s < services; s++) {
                Register v1 = new Register(InstanceSamples.instance(s, i, 1));
                catalog.apply(v1);
                updates[k] = new Register(InstanceSamples.instance(s, i, 2));
                updates[keys + k] = v1;
                k++;
            }
        }
    }

    @Benchmark
    public CommandResult applyChangingRegister() {
        Register r = updates[next];
        next = next + 1 == updates.length ? 0 : next + 1;
        return catalog.apply(r);
    }
}
