package io.cairn.server.jvm;

import io.cairn.api.time.Cancellable;
import io.cairn.api.time.Scheduler;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the collector give an idle node's heap back to the operating system without shrinking a
 * busy node's heap.
 *
 * <p>Why: one fixed {@code MaxHeapFreeRatio} cannot serve both. The launcher's idle node runs
 * G1 with a periodic concurrent cycle ({@code -XX:G1PeriodicGCInterval}) whose remark shrinks the
 * heap down to {@code -XX:MinHeapSize} when more than {@code MaxHeapFreeRatio} of it is free; with
 * a low floor and a low ratio an idle node holds about 35 MiB less (docs/benchmarks.md, "Idle
 * memory"). Under load the same ratio shrank the heap after every concurrent cycle, so the young
 * generation stayed small and collections came often: a 16 MiB floor cost a fifth of the
 * registrations per second. So while the node allocates (at least {@link #BUSY_COLLECTIONS}
 * collections in a {@link #PERIOD}) the ratio is raised to {@link #BUSY_RATIO}, 40, and after
 * {@link #QUIET_PERIODS} quieter periods it is set back to the value the JVM started with.
 *
 * <p>Why 40 (chosen by measurement, docs/benchmarks.md "Idle memory"): a busy heap is shrunk at a
 * remark only when more than 40 % of it is free, which leaves the young generation its room, as
 * the old fixed 64 MiB floor did. 100 (never shrink) measured worse: with the heap kept at its
 * maximum G1 sized a young generation so large that its adaptive marking threshold fell under the
 * live data, and a concurrent cycle ran every second or two under a steady lookup load.
 *
 * <p>Busy is read from the collectors' counts, not from requests: whatever allocates (requests,
 * replication, watches, health checks) is what makes the heap worth keeping, and an idle G1 runs
 * its periodic cycle at most once every interval (10 s in the launcher), one collection, which
 * alone never counts as busy. A JVM started with {@code MaxHeapFreeRatio} of 40 or more keeps
 * that much free anyway: {@link #start} then does nothing.
 *
 * <p>Threads: {@link #start} on the caller's; each look on the scheduler's; {@link #close} on any.
 * The lock of {@code this} guards the state between them.
 */
public final class IdleHeap implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdleHeap.class);

    /** How often the collections are counted. */
    public static final Duration PERIOD = Duration.ofSeconds(5);
    /** Collections in one period from which the node counts as busy. */
    static final int BUSY_COLLECTIONS = 2;
    /** Periods with fewer collections after which a busy node counts as idle again. */
    static final int QUIET_PERIODS = 2;
    /** The ratio while busy (see the class comment for why not 100). */
    static final int BUSY_RATIO = 40;

    private final HeapFreeRatio ratio;
    private final LongSupplier collections;
    private final Scheduler scheduler;
    private final Duration period;
    /** Run once by {@link #close}: stops the timer this object owns, if any. */
    private final Runnable onClose;

    private int idleRatio;
    private long lastCount;
    private int quietPeriods;
    private boolean busy;
    private boolean closed;
    private Cancellable next;

    /**
     * @param collections how many collections the JVM has run so far ({@link #collectionsOfThisJvm()})
     * @param scheduler the timer of the looks
     * @param period how often to look ({@link #PERIOD})
     */
    public IdleHeap(HeapFreeRatio ratio, LongSupplier collections, Scheduler scheduler, Duration period) {
        this(ratio, collections, scheduler, period, () -> { });
    }

    private IdleHeap(HeapFreeRatio ratio, LongSupplier collections, Scheduler scheduler, Duration period,
            Runnable onClose) {
        this.ratio = ratio;
        this.collections = collections;
        this.scheduler = scheduler;
        this.period = period;
        this.onClose = onClose;
    }

    /**
     * The process's own: on this JVM's flag and collectors, looking every {@link #PERIOD} from a
     * daemon thread of its own ({@code cairn-idle-heap}), which {@link #close} stops.
     *
     * @return empty, with no thread left behind, where the flag cannot change while the JVM runs
     *     or is already {@link #BUSY_RATIO} or more
     */
    public static Optional<IdleHeap> startOnThisJvm() {
        Optional<HeapFreeRatio> flag = HeapFreeRatio.ofThisJvm();
        if (flag.isEmpty()) {
            return Optional.empty();
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-idle-heap");
            t.setDaemon(true);
            return t;
        });
        IdleHeap heap = new IdleHeap(flag.get(), collectionsOfThisJvm(), Scheduler.of(timer), PERIOD, timer::shutdownNow);
        if (!heap.start()) {
            timer.shutdownNow();
            return Optional.empty();
        }
        return Optional.of(heap);
    }

    /**
     * Takes the ratio the JVM has now as the idle one and starts looking.
     *
     * @return false, and nothing started, when that ratio is already {@link #BUSY_RATIO} or more
     *     (an operator's choice to keep more heap free, which this never lowers)
     */
    public synchronized boolean start() {
        idleRatio = ratio.get();
        if (idleRatio >= BUSY_RATIO) {
            return false;
        }
        lastCount = collections.getAsLong();
        next = scheduler.schedule(period, this::look);
        return true;
    }

    /** Whether the node counts as busy now (the ratio is raised). */
    public synchronized boolean busy() {
        return busy;
    }

    private synchronized void look() {
        if (closed) {
            return;
        }
        long count = collections.getAsLong();
        long inPeriod = count - lastCount;
        lastCount = count;
        if (inPeriod >= BUSY_COLLECTIONS) {
            quietPeriods = 0;
            if (!busy) {
                busy = true;
                ratio.set(BUSY_RATIO);
                LOG.debug("event=heap-busy collections={} max-heap-free-ratio={}", inPeriod, BUSY_RATIO);
            }
        } else if (busy && ++quietPeriods >= QUIET_PERIODS) {
            busy = false;
            ratio.set(idleRatio);
            LOG.debug("event=heap-idle max-heap-free-ratio={}", idleRatio);
        }
        next = scheduler.schedule(period, this::look);
    }

    /** Stops looking and leaves the JVM with the ratio it started with. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (next != null) {
            next.cancel();
        }
        if (busy) {
            busy = false;
            ratio.set(idleRatio);
        }
        onClose.run();
    }

    /** The collections this JVM's collectors have run, young and old together. */
    public static LongSupplier collectionsOfThisJvm() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        return () -> {
            long sum = 0;
            for (GarbageCollectorMXBean c : collectors) {
                sum += Math.max(0, c.getCollectionCount()); // -1: not known
            }
            return sum;
        };
    }
}
