package io.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * CPU time the server processes (together) and this generator used during a step's measured
 * interval, from {@link ProcessCpu}; {@link #perOperation} turns it into microseconds per
 * operation. The server processes must run for the whole interval.
 *
 * <p>Threading: used by the thread that runs the step ({@link ClosedLoop.Interval}'s contract).
 */
final class CpuMeter implements ClosedLoop.Interval {

    /**
     * CPU microseconds per operation.
     *
     * @param servers all server processes together
     * @param generator this load generator
     */
    record PerOperation(double servers, double generator) {
    }

    private final List<Long> serverPids;
    private final long self = ProcessHandle.current().pid();
    private long serverTicks;
    private long generatorTicks;

    CpuMeter(List<Long> serverPids) {
        this.serverPids = List.copyOf(serverPids);
    }

    @Override
    public void begin() {
        serverTicks = -serverTicks();
        generatorTicks = -ticks(self);
    }

    @Override
    public void end() {
        serverTicks += serverTicks();
        generatorTicks += ticks(self);
    }

    /** The last interval's CPU per operation; zero operations give zero. */
    PerOperation perOperation(long operations) {
        return new PerOperation(micros(serverTicks, operations), micros(generatorTicks, operations));
    }

    /** {@code ticks} of {@link ProcessCpu#TICKS_PER_SECOND} spread over {@code operations}, in microseconds each. */
    static double micros(long ticks, long operations) {
        return operations <= 0 ? 0 : ticks * (1e6 / ProcessCpu.TICKS_PER_SECOND) / operations;
    }

    private long serverTicks() {
        long sum = 0;
        for (long pid : serverPids) {
            sum += ticks(pid);
        }
        return sum;
    }

    private static long ticks(long pid) {
        try {
            return ProcessCpu.ticks(pid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }
}
