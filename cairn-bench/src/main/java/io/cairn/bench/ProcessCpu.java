package io.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used, from {@code /proc/<pid>/stat} (Linux). */
public final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}, 100 on Linux). */
    public static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** User plus system time of {@code pid}, in clock ticks. */
    public static long ticks(long pid) throws IOException {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }

    /**
     * Busy time of the whole machine, all CPUs, in clock ticks: everything in {@code /proc/stat}'s
     * first line but idle and iowait. Counts what no process is charged for (softirq work done in
     * kernel threads, other processes), so that work moved out of the measured processes shows.
     */
    public static long machineBusyTicks() throws IOException {
        String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] f = first.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }
}
