package io.cairn.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends one DNS query over UDP again and again with at most {@code window} unanswered at once,
 * and measures each answer's latency: open enough to load a server on two cores from one
 * generator thread pair, closed enough that a slow server slows the sender (no unbounded queue).
 *
 * <p>One socket, two threads: this (the caller's) thread sends, a receiver thread reads answers
 * and matches them to their send time by DNS id (the id is the send's sequence number modulo
 * 65536, and the window is at most {@value #MAX_WINDOW}, so ids in flight never collide). A query
 * without an answer within {@link #LOST_AFTER} counts as an error and frees its place.
 * An answer counts as an operation when its rcode is NOERROR and it has at least one answer
 * record; any other answer (an error rcode, TC set, nothing in it) counts as an error.
 */
final class DnsQueryLoop implements AutoCloseable {

    static final int MAX_WINDOW = 4096;
    static final Duration LOST_AFTER = Duration.ofSeconds(1);
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final DatagramSocket socket;
    private final byte[] query;
    private final int window;
    private final Semaphore places;
    /** Send time by id; 0 when no query with that id is in flight. Written by both threads, hence atomic. */
    private final java.util.concurrent.atomic.AtomicLongArray sentAt = new java.util.concurrent.atomic.AtomicLongArray(65_536);
    private final Recorder latency = new Recorder(HIGHEST_LATENCY_NANOS, 3);
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Thread receiver;
    private volatile boolean running = true;

    /**
     * @param query a query's wire bytes; its first two bytes (the id) are rewritten per send
     * @param window queries in flight at most, 1 to {@value #MAX_WINDOW}
     */
    DnsQueryLoop(InetSocketAddress server, byte[] query, int window) throws IOException {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be 1-" + MAX_WINDOW + ", got " + window);
        }
        this.socket = new DatagramSocket();
        socket.connect(server);
        socket.setSoTimeout(100);
        socket.setReceiveBufferSize(1 << 20);
        this.query = query.clone();
        this.window = window;
        this.places = new Semaphore(window);
        this.receiver = new Thread(this::receive, "dns-load-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    /**
     * Sends until {@code until} (a {@link System#nanoTime()} deadline) or {@code maxQueries}
     * sends, whichever comes first, then waits up to {@link #LOST_AFTER} for the answers still
     * out. Counts and latencies accumulate until {@link #interval}.
     *
     * @return queries sent
     */
    long run(long until, long maxQueries) throws IOException, InterruptedException {
        long sent = 0;
        byte[] packet = query.clone();
        DatagramPacket out = new DatagramPacket(packet, packet.length);
        while (sent < maxQueries && System.nanoTime() < until) {
            if (!places.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            int id = (int) (sent & 0xffff);
            packet[0] = (byte) (id >> 8);
            packet[1] = (byte) id;
            sentAt.set(id, System.nanoTime());
            socket.send(out);
            sent++;
        }
        places.tryAcquire(window, LOST_AFTER.toMillis() + 200, TimeUnit.MILLISECONDS);
        places.drainPermits();
        places.release(window);
        return sent;
    }

    /** What was answered since the last call (or the start), as one step's result. */
    StepResult interval(String scenario, double seconds) {
        Histogram h = latency.getIntervalHistogram();
        return new StepResult(scenario, window, operations.getAndSet(0), seconds, h, errors.getAndSet(0),
                firstError.get());
    }

    private void receive() {
        byte[] buffer = new byte[65_536];
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        long lastSweep = System.nanoTime();
        while (running) {
            try {
                socket.receive(in);
                long now = System.nanoTime();
                answered(buffer, in.getLength(), now);
                if (now - lastSweep > LOST_AFTER.toNanos() / 4) {
                    sweep(now);
                    lastSweep = now;
                }
            } catch (SocketTimeoutException e) {
                long now = System.nanoTime();
                sweep(now);
                lastSweep = now;
            } catch (IOException e) {
                if (running) {
                    error("receive failed: " + e.getMessage());
                }
            }
        }
    }

    private void answered(byte[] b, int length, long now) {
        if (length < 12) {
            return;
        }
        int id = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        long at = sentAt.getAndSet(id, 0);
        if (at == 0) {
            return; // already counted as lost
        }
        int rcode = b[3] & 0x0f;
        boolean truncated = (b[2] & 0x02) != 0;
        int answers = (b[6] & 0xff) << 8 | (b[7] & 0xff);
        if (rcode != 0 || truncated || answers == 0) {
            error("answer with rcode " + rcode + (truncated ? ", TC set" : "") + ", " + answers + " records");
        } else {
            latency.recordValue(Math.min(now - at, HIGHEST_LATENCY_NANOS));
            operations.incrementAndGet();
        }
        // Counted before the place is freed: run() returns once every place is back, and what
        // interval() reads then must include this answer.
        places.release();
    }

    /** Frees the places of queries unanswered for longer than {@link #LOST_AFTER}, as errors. */
    private void sweep(long now) {
        long lost = LOST_AFTER.toNanos();
        for (int id = 0; id < 65_536; id++) {
            long at = sentAt.get(id);
            if (at != 0 && now - at > lost && sentAt.compareAndSet(id, at, 0)) {
                error("no answer within " + LOST_AFTER.toMillis() + " ms");
                places.release();
            }
        }
    }

    private void error(String what) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, what);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        socket.close();
        receiver.join(5_000);
    }
}
