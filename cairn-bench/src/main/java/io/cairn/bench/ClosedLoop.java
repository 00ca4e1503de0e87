package io.cairn.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop HTTP load: each client owns one channel of a {@link ClientTransport} (a keep-alive
 * connection of its own with Vert.x, its share of a pool with {@code java.net.http}) and keeps
 * exactly one request in flight, sending the next as soon as the previous answer's last byte arrived. The
 * offered load therefore adapts to the server (no coordinated-omission correction is needed or
 * made: latency is what a synchronous caller waits).
 *
 * <p>A run is a warmup (answers not recorded) followed by a measured interval. It ends at the
 * first of: the measured interval elapsed, {@code maxRequests} sent, or the workload exhausted.
 * Every request has an idle timeout, so a stuck server ends a run with errors, not a hang; a
 * client whose request fails with an I/O error (not an HTTP error status) stops there.
 *
 * <p>Threading: {@link #run} is called by one thread at a time. A client has one request in
 * flight, so its answers are handled one after another (on its connection's event loop, or a
 * thread of the JDK client's pool, each completion ordered after the send that caused it; with a
 * {@linkplain ClientTransport#blocking() blocking} transport, on the client's own thread) and it
 * owns its histogram and counters; the caller reads them only after the client's {@code done}
 * future completed, which orders those reads after every write.
 */
public final class ClosedLoop implements AutoCloseable {

    /** Latencies above a minute are clamped; requests time out long before that. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long REQUEST_IDLE_TIMEOUT_MS = 30_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** After the stop, how long clients may take to receive their last in-flight answer. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofMillis(REQUEST_IDLE_TIMEOUT_MS + 10_000);

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOPPED = 2;

    private final List<InetSocketAddress> targets;
    private final ClientTransport transport;
    /** Null, or which target a request goes to (-1: the client's own). */
    private ToIntFunction<BenchRequest> router;

    /**
     * Vert.x clients on one node.
     *
     * @param eventLoops the generator's event-loop threads; clients are spread over them
     */
    public ClosedLoop(String host, int port, int eventLoops) {
        this(List.of(InetSocketAddress.createUnresolved(host, port)), new VertxTransport(eventLoops));
    }

    /**
     * Clients spread over several nodes: client {@code i} of a step connects to
     * {@code targets[i mod targets]} and sends all its requests there (round-robin binding, as
     * clients that each picked one node of a cluster).
     */
    public ClosedLoop(List<InetSocketAddress> targets, ClientTransport transport) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target");
        }
        this.targets = List.copyOf(targets);
        this.transport = transport;
    }

    /** The target client {@code client} of a step is bound to. */
    static <T> T targetOf(List<T> targets, int client) {
        return targets.get(client % targets.size());
    }

    /**
     * Sends each request to the target {@code router} names (an index into the targets, or -1
     * for the client's own), as a client that knows where each partition is led would: each
     * client then holds a connection to every target.
     */
    public ClosedLoop routedBy(ToIntFunction<BenchRequest> router) {
        this.router = router;
        return this;
    }

    public ClosedLoop start() {
        transport.start();
        return this;
    }

    /**
     * Runs one step and returns its measurements.
     *
     * @param warmup time before measuring (may be zero)
     * @param measure the measured interval, also the run's time bound
     * @param maxRequests a bound on requests sent during the whole step, warmup included
     * @throws IOException if the connections cannot be opened
     */
    public StepResult run(String scenario, Workload workload, int clients, Duration warmup, Duration measure,
            long maxRequests) throws IOException, InterruptedException {
        return run(scenario, workload, clients, Warmup.fixed(warmup), measure, maxRequests);
    }

    /**
     * Runs one step whose warmup ends as {@code warmup} decides; otherwise as
     * {@link #run(String, Workload, int, Duration, Duration, long)}.
     */
    public StepResult run(String scenario, Workload workload, int clients, Warmup warmup, Duration measure,
            long maxRequests) throws IOException, InterruptedException {
        return run(scenario, workload, clients, warmup, measure, maxRequests, Interval.NONE);
    }

    /**
     * Told on the calling thread when a step's measured interval begins and when it ends, e.g.
     * to read the CPU time processes used during it.
     */
    public interface Interval {
        Interval NONE = new Interval() {
            @Override
            public void begin() {
            }

            @Override
            public void end() {
            }
        };

        void begin();

        void end();
    }

    /**
     * As {@link #run(String, Workload, int, Warmup, Duration, long)}, telling {@code interval}
     * when the measured interval begins and ends.
     */
    public StepResult run(String scenario, Workload workload, int clients, Warmup warmup, Duration measure,
            long maxRequests, Interval interval) throws IOException, InterruptedException {
        Step step = new Step(workload, maxRequests);
        List<Client> all = new ArrayList<>(clients);
        int perClient = router == null ? 1 : targets.size();
        List<CompletableFuture<ClientTransport.Channel>> connecting = new ArrayList<>(clients * perClient);
        for (int i = 0; i < clients; i++) {
            for (int t = 0; t < perClient; t++) {
                connecting.add(transport.open(perClient == 1 ? targetOf(targets, i) : targets.get(t), CONNECT_TIMEOUT));
            }
        }
        try {
            for (int i = 0; i < clients; i++) {
                ClientTransport.Channel[] channels = new ClientTransport.Channel[perClient];
                for (int t = 0; t < perClient; t++) {
                    channels[t] = await(connecting.get(i * perClient + t), CONNECT_TIMEOUT);
                }
                all.add(new Client(step, channels, perClient == 1 ? 0 : i % perClient, router));
            }
        } catch (IOException e) {
            for (CompletableFuture<ClientTransport.Channel> c : connecting) {
                c.thenAccept(ClientTransport.Channel::close); // also those that connect after this
            }
            throw new IOException("could not connect " + clients + " clients to " + targets + ": "
                    + e.getMessage(), e);
        }
        CompletableFuture<?>[] done = new CompletableFuture<?>[clients];
        long start = System.nanoTime();
        if (warmup.none()) {
            // Measure from the first request on: nothing sent before may fall outside the interval.
            interval.begin();
            step.startNanos = start;
            step.phase = MEASURE;
        }
        for (int i = 0; i < clients; i++) {
            Client c = all.get(i);
            done[i] = c.done;
            if (transport.blocking()) {
                // Each client its own thread, waiting for each answer before the next request.
                Thread t = new Thread(c::sendInTurn, "bench-client-" + i);
                t.setDaemon(true);
                t.start();
            } else {
                // The first request leaves from this thread; every answer, and so every later
                // request, is handled on the transport's thread that received it.
                c.sendNext();
            }
        }
        CompletableFuture<Void> allDone = CompletableFuture.allOf(done);
        if (!warmup.none()) {
            warmUp(allDone, warmup, start);
            interval.begin();
            start = System.nanoTime();
            step.startNanos = start;
            step.phase = MEASURE;
        }
        boolean stoppedByTime = !waitAtMost(allDone, measure);
        long stop = System.nanoTime();
        step.phase = STOPPED;
        interval.end();
        if (!waitAtMost(allDone, DRAIN_TIMEOUT)) {
            throw new IOException("clients did not finish within " + DRAIN_TIMEOUT.toSeconds() + " s of the stop");
        }
        Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        long ops = 0;
        long errors = 0;
        long lastCompletion = start;
        for (Client c : all) {
            latency.add(c.latency);
            ops += c.measured;
            errors += c.measuredErrors;
            lastCompletion = Math.max(lastCompletion, c.lastMeasuredCompletion);
            for (ClientTransport.Channel channel : c.channels) {
                channel.close();
            }
        }
        // When the workload or the request bound ended the step early, the interval ends with
        // the last answer; otherwise at the stop (the server may have been stalled just then).
        long end = stoppedByTime ? stop : lastCompletion;
        return new StepResult(scenario, clients, ops, (end - start) / 1e9, latency, errors, step.firstError.get());
    }

    /** Returns when the warmup is over (or every client finished). */
    private static void warmUp(CompletableFuture<?> allDone, Warmup warmup, long start) throws InterruptedException {
        if (waitAtMost(allDone, warmup.min())) {
            return;
        }
        long end = start + warmup.max().toNanos();
        while (!warmup.settled().getAsBoolean()) {
            long left = end - System.nanoTime();
            if (left <= 0 || waitAtMost(allDone, Duration.ofNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1))))) {
                return;
            }
        }
    }

    /** Waits for {@code f} up to {@code timeout}; true if it completed. */
    private static boolean waitAtMost(CompletableFuture<?> f, Duration timeout) throws InterruptedException {
        try {
            f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // clients never complete exceptionally; a failure still means "finished"
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) throws IOException, InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("timed out after " + timeout.toMillis() + " ms", e);
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    /** State shared by a step's clients: the phase, the request numbering, the first error. */
    private static final class Step {
        final Workload workload;
        final long maxRequests;
        final AtomicLong issued = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        volatile int phase = WARMUP;
        volatile long startNanos;

        Step(Workload workload, long maxRequests) {
            this.workload = workload;
            this.maxRequests = maxRequests;
        }
    }

    /** One closed-loop client; its fields but {@link #done} are touched by one answer at a time. */
    private static final class Client {
        final Step step;
        final ClientTransport.Channel[] channels;
        final int home;
        final ToIntFunction<BenchRequest> router;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        long measured;
        long measuredErrors;
        long lastMeasuredCompletion;
        /** The channel of the request in flight. */
        ClientTransport.Channel channel;
        /** Blocking transports: whether the latest answer lets the client go on. */
        boolean goOn;

        Client(Step step, ClientTransport.Channel[] channels, int home, ToIntFunction<BenchRequest> router) {
            this.step = step;
            this.channels = channels;
            this.home = home;
            this.router = router;
        }

        /** Sends the next request, and each later one from its predecessor's answer (asynchronous transports). */
        void sendNext() {
            BenchRequest request = next();
            if (request == null) {
                return;
            }
            long sent = System.nanoTime();
            channel.send(request, REQUEST_IDLE_TIMEOUT_MS, (status, failure) -> {
                if (answered(request, sent, status, failure)) {
                    sendNext();
                }
            });
        }

        /** Sends request after request on this thread, each waiting for its answer (blocking transports). */
        void sendInTurn() {
            try {
                BenchRequest request;
                while ((request = next()) != null) {
                    long sent = System.nanoTime();
                    BenchRequest r = request;
                    goOn = false; // stays false if the transport broke its contract and told nothing
                    channel.send(r, REQUEST_IDLE_TIMEOUT_MS, (status, failure) -> goOn = answered(r, sent, status, failure));
                    if (!goOn) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                step.firstError.compareAndSet(null, e.toString());
            } finally {
                done.complete(null);
            }
        }

        /**
         * The next request, its channel in {@link #channel}; or null, {@link #done} completed,
         * when this client is to stop (the step stopped, the workload or the bound is exhausted,
         * or the channel is closed).
         */
        private BenchRequest next() {
            if (step.phase == STOPPED) {
                done.complete(null);
                return null;
            }
            long seq = step.issued.getAndIncrement();
            BenchRequest request = seq < step.maxRequests ? step.workload.request(seq) : null;
            if (request == null) {
                done.complete(null);
                return null;
            }
            int target = router == null ? -1 : router.applyAsInt(request);
            channel = channels[target < 0 ? home : target];
            if (!channel.usable()) {
                done.complete(null);
                return null;
            }
            return request;
        }

        /** Records the answer to {@code request}; true if the client goes on. */
        private boolean answered(BenchRequest request, long sent, int status, Throwable failure) {
            long now = System.nanoTime();
            boolean ok = failure == null && status >= 200 && status < 300;
            if (!ok) {
                step.firstError.compareAndSet(null, failure == null
                        ? "HTTP " + status + " for " + request.method() + " " + request.uri()
                        : failure.toString());
            }
            // Only requests sent inside the measured interval count, so none that queued during
            // the warmup shortens or stretches it.
            if (step.phase == MEASURE && sent >= step.startNanos) {
                if (ok) {
                    latency.recordValue(Math.min(now - sent, HIGHEST_NANOS));
                    measured++;
                } else {
                    measuredErrors++;
                }
                lastMeasuredCompletion = now;
            }
            if (failure != null) {
                // An I/O failure (reset, timeout) leaves the connection unusable: this client
                // stops rather than spin on a dead socket.
                done.complete(null);
                return false;
            }
            return true;
        }
    }
}
