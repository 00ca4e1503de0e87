package io.cairn.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints step results as an aligned text table or as Markdown rows for docs/benchmarks.md. */
public final class ResultTable {

    /** The two output formats of the generator. */
    public enum Format { TABLE, MARKDOWN }

    private final PrintStream out;
    private final Format format;

    public ResultTable(PrintStream out, Format format) {
        this.out = out;
        this.format = format;
    }

    public void header() {
        if (format == Format.MARKDOWN) {
            out.println("| scenario | clients | ops/s | p50 ms | p99 ms | p99.9 ms | errors |");
            out.println("|---|---:|---:|---:|---:|---:|---:|");
        } else {
            out.printf(Locale.ROOT, "%-10s %7s %10s %9s %9s %9s %7s%n",
                    "scenario", "clients", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "errors");
        }
        out.flush();
    }

    public void row(StepResult r) {
        out.println(line(r));
        out.flush();
    }

    String line(StepResult r) {
        if (format == Format.MARKDOWN) {
            return String.format(Locale.ROOT, "| %s | %d | %,.0f | %.3f | %.3f | %.3f | %d |", r.scenario(), r.clients(),
                    r.opsPerSecond(), r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(99.9), r.errors());
        }
        return String.format(Locale.ROOT, "%-10s %7d %,10.0f %9.3f %9.3f %9.3f %7d", r.scenario(), r.clients(),
                r.opsPerSecond(), r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(99.9), r.errors());
    }
}
