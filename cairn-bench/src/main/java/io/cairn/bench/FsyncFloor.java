package io.cairn.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The floor under a Raft entry on this machine: N threads, each appending small records to its
 * own preallocated file and forcing each one to disk ({@code FileChannel.force(false)}, an
 * {@code fdatasync}), as each partition's Raft log does once per entry. Prints appends/s and the
 * CPU time one append and force costs (user and kernel, from the threads' CPU clocks), which no
 * log that forces every entry can go below.
 *
 * <p>Run: {@code java -cp "$CP" io.cairn.bench.FsyncFloor --threads 1,4,16 --duration 5s}
 */
@Command(name = "fsync-floor", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Appends and fdatasyncs per second, and CPU per append, for N threads on N files.")
public final class FsyncFloor implements Callable<Integer> {

    /** Each file is preallocated to this size, as Ratis preallocates its segments. */
    private static final int FILE_BYTES = 512 * 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", split = ",", paramLabel = "N", defaultValue = "1,4,16",
            description = "Thread counts, one file each (default ${DEFAULT-VALUE}).")
    List<Integer> threadCounts;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time per step (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--record-bytes", paramLabel = "N", defaultValue = "300",
            description = "Bytes per append, about one registration's entry (default ${DEFAULT-VALUE}).")
    int recordBytes;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the files go (default: a temporary directory).")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FsyncFloor()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (recordBytes < 1 || recordBytes > FILE_BYTES || duration.isNegative() || duration.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--record-bytes must be 1-" + FILE_BYTES + " and --duration positive");
        }
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("cairn-fsync-");
        PrintWriter out = spec.commandLine().getOut();
        out.println("threads   appends/s   CPU µs per append+fdatasync");
        try {
            for (int n : threadCounts) {
                step(out, root, n);
            }
        } finally {
            if (dir == null) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        return 0;
    }

    private void step(PrintWriter out, Path root, int threads) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong appends = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Path file = root.resolve("log-" + threads + "-" + t);
            workers.add(new Thread(() -> {
                try (FileChannel log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    preallocate(log);
                    ByteBuffer record = ByteBuffer.allocateDirect(recordBytes);
                    long cpuStart = mx.getCurrentThreadCpuTime();
                    long position = 0;
                    long n = 0;
                    while (System.nanoTime() < end) {
                        record.clear();
                        log.write(record, position);
                        log.force(false);
                        position = (position + recordBytes) % (FILE_BYTES - recordBytes);
                        n++;
                    }
                    cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpuStart);
                    appends.addAndGet(n);
                } catch (IOException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "fsync-floor-" + t));
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a writer failed: " + failures.get(0), failures.get(0));
        }
        out.printf("%7d %11.0f %29.1f%n", threads, appends.get() / seconds,
                appends.get() == 0 ? 0 : cpuNanos.get() / 1e3 / appends.get());
        out.flush();
    }

    /** Writes the whole file once and forces it, so later forces flush data only, no metadata. */
    private static void preallocate(FileChannel log) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(FILE_BYTES);
        while (zeros.hasRemaining()) {
            log.write(zeros, zeros.position());
        }
        log.force(true);
    }
}
