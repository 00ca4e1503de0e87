package io.cairn.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the JIT compilers of the server and of this generator have gone quiet: the time both
 * spent compiling over the last {@link #DEFAULT_WINDOW} is below {@link #QUIET_FRACTION} of it. On two
 * shared cores the server's compiler is still busy 20 s into a load (it took 30-40 s on
 * 2026-11-30), and latencies measured meanwhile are the compiler's as much as the server's.
 *
 * <p>The server's figure is {@code jvm_compilation_time_ms_total} from its {@code /metrics}; a
 * server that does not expose it counts as quiet (and a note says so once).
 *
 * <p>Threading: used by one thread at a time (the generator's main thread).
 */
final class JitActivity {

    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    static final double QUIET_FRACTION = 0.01;
    private static final Pattern SERVER_COMPILE_MS =
            Pattern.compile("(?m)^jvm_compilation_time_ms_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

    private record Sample(long nanos, double serverMs, double localMs) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;
    private final Duration window;
    private final CompilationMXBean localCompiler = ManagementFactory.getCompilationMXBean();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private boolean serverUnknown;
    private double lastServerShare;
    private double lastLocalShare;

    JitActivity(String host, int port) {
        this(URI.create("http://" + host + ":" + port + "/metrics"), DEFAULT_WINDOW);
    }

    JitActivity(URI metrics, Duration window) {
        this.metrics = metrics;
        this.window = window;
    }

    /** False once the server's metrics turned out not to have its compile time. */
    boolean serverExposed() {
        return !serverUnknown;
    }

    /** Takes a sample; true once a full window of samples shows both compilers quiet. */
    boolean quiet() {
        long now = System.nanoTime();
        samples.addLast(new Sample(now, serverCompileMs(), localCompileMs()));
        // Keep one sample at least a window old: the window is measured from it.
        while (samples.size() > 2 && now - secondOldest().nanos() >= window.toNanos()) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        double windowMs = (now - first.nanos()) / 1e6;
        if (windowMs < window.toMillis()) {
            return false;
        }
        Sample last = samples.peekLast();
        lastServerShare = (last.serverMs() - first.serverMs()) / windowMs;
        lastLocalShare = (last.localMs() - first.localMs()) / windowMs;
        return lastServerShare < QUIET_FRACTION && lastLocalShare < QUIET_FRACTION;
    }

    private Sample secondOldest() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }

    /** The last window's compile time as a share of it, for the log. */
    String describe() {
        return String.format("JIT over the last %d s: server %.1f%%, generator %.1f%%%s", window.toSeconds(),
                100 * lastServerShare, 100 * lastLocalShare, serverUnknown ? " (server's not exposed)" : "");
    }

    /** Forgets the samples, so the next step's window starts with it. */
    void reset() {
        samples.clear();
    }

    private double localCompileMs() {
        return localCompiler != null && localCompiler.isCompilationTimeMonitoringSupported()
                ? localCompiler.getTotalCompilationTime() : 0;
    }

    private double serverCompileMs() {
        if (serverUnknown) {
            return 0;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = SERVER_COMPILE_MS.matcher(r.body());
            if (r.statusCode() == 200 && m.find()) {
                return Double.parseDouble(m.group(1));
            }
        } catch (IOException e) {
            // fall through: treated as not exposed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        serverUnknown = true;
        System.err.println("bench: the server's /metrics has no jvm_compilation_time_ms_total; "
                + "the warmup waits for this generator's JIT only");
        return 0;
    }
}
