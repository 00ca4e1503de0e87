package io.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another local JVM's memory: heap through {@code jcmd} (the JDK's own tool, next to
 * {@code java}), resident set size through {@code /proc/<pid>/status} (Linux).
 */
public final class ProcessMemory {

    private static final Pattern HEAP = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");
    private static final Pattern THREADS = Pattern.compile("(?m)^Threads:\\s+(\\d+)");
    private static final long JCMD_TIMEOUT_SECONDS = 120;

    private final long pid;
    private final Path jcmd;

    public ProcessMemory(long pid) {
        this.pid = pid;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    /** Runs a full, stop-the-world collection in the target ({@code System.gc()} through jcmd). */
    public void fullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
    }

    public HeapUsage heap() throws IOException, InterruptedException {
        return parseHeapInfo(jcmd("GC.heap_info"));
    }

    /**
     * The heap's biggest classes, {@code jcmd GC.class_histogram} (which itself runs a full GC
     * first): its header and first {@code rows} rows.
     */
    public String classHistogram(int rows) throws IOException, InterruptedException {
        String[] lines = jcmd("GC.class_histogram").split("\n");
        StringBuilder top = new StringBuilder();
        // Line 0 is the pid, then the column titles and a rule, then one row per class.
        for (int i = 1; i < lines.length && i < rows + 3; i++) {
            top.append(lines[i]).append('\n');
        }
        return top.toString();
    }

    /** The resident set size in bytes. */
    public long residentBytes() throws IOException {
        return parseVmRss(Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8));
    }

    /** The process's threads, JVM and application alike. */
    public int threads() throws IOException {
        return parseThreads(Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true).start();
        // jcmd's output is a few lines: reading it whole before waiting cannot block the child.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " did not finish in " + JCMD_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed (" + p.exitValue() + "): " + output.trim());
        }
        return output;
    }

    /**
     * Parses {@code GC.heap_info} output of G1, the server's collector ("garbage-first heap
     * total NK, used NK"); other collectors word it differently and are reported as unreadable.
     */
    static HeapUsage parseHeapInfo(String output) throws IOException {
        Matcher heap = HEAP.matcher(output);
        if (!heap.find()) {
            throw new IOException("no heap figures in GC.heap_info output: " + output.trim());
        }
        Matcher meta = METASPACE.matcher(output);
        long metaspace = meta.find() ? Long.parseLong(meta.group(1)) * 1024 : -1;
        return new HeapUsage(Long.parseLong(heap.group(2)) * 1024, Long.parseLong(heap.group(1)) * 1024, metaspace);
    }

    static int parseThreads(String status) throws IOException {
        Matcher m = THREADS.matcher(status);
        if (!m.find()) {
            throw new IOException("no Threads line in /proc status");
        }
        return Integer.parseInt(m.group(1));
    }

    static long parseVmRss(String status) throws IOException {
        Matcher m = VM_RSS.matcher(status);
        if (!m.find()) {
            throw new IOException("no VmRSS line in /proc status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }
}
