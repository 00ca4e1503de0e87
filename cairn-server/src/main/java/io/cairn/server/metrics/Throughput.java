package io.cairn.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the node's API served: writes (registrations and deregistrations) and lookups (reads of a
 * service or an instance) answered here, and how long writes and lookups took. Counted by the
 * endpoint that serves them, on the node that serves them, so a request forwarded to the
 * partition's leader counts once, there.
 *
 * <p>Thread safety: any thread may count (event loops, consensus threads); counters are
 * {@link LongAdder}s and Micrometer timers, so counting never contends on a hot path.
 */
public final class Throughput {

    private final LongAdder registrations = new LongAdder();
    private final LongAdder deregistrations = new LongAdder();
    private final LongAdder lookups = new LongAdder();
    private final MeterRegistry registry;
    private final Timer writeLatency;
    private final Timer lookupLatency;

    Throughput(MeterRegistry registry, Timer writeLatency, Timer lookupLatency) {
        this.registry = registry;
        this.writeLatency = writeLatency;
        this.lookupLatency = lookupLatency;
    }

    /** Starts timing a request; hand the sample to {@link #registered}, {@link #deregistered} or {@link #lookedUp}. */
    public Timer.Sample start() {
        return Timer.start(registry);
    }

    /** A registration (PUT or POST) was answered, successfully or not, {@code sample} after it started. */
    public void registered(Timer.Sample sample) {
        registrations.increment();
        sample.stop(writeLatency);
    }

    /** A deregistration was answered. */
    public void deregistered(Timer.Sample sample) {
        deregistrations.increment();
        sample.stop(writeLatency);
    }

    /** A read of a service or an instance was answered at once (a blocking read is a watch, not a lookup). */
    public void lookedUp(Timer.Sample sample) {
        lookups.increment();
        sample.stop(lookupLatency);
    }

    public long registrations() {
        return registrations.sum();
    }

    public long deregistrations() {
        return deregistrations.sum();
    }

    public long lookups() {
        return lookups.sum();
    }
}
