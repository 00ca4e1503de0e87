package io.cairn.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints step results as an aligned text table or as Markdown rows for docs/benchmarks.md; with
 * CPU columns, also the CPU microseconds per operation of the server processes together and of
 * the generator.
 */
public final class ResultTable {

    /** The two output formats of the generator. */
    public enum Format { TABLE, MARKDOWN }

    private final PrintStream out;
    private final Format format;
    private final boolean cpu;

    public ResultTable(PrintStream out, Format format) {
        this(out, format, false);
    }

    public ResultTable(PrintStream out, Format format, boolean cpu) {
        this.out = out;
        this.format = format;
        this.cpu = cpu;
    }

    public void header() {
        if (format == Format.MARKDOWN) {
            out.println("| scenario | clients | ops/s | p50 ms | p99 ms | p99.9 ms | errors |"
                    + (cpu ? " server CPU µs/op | generator CPU µs/op |" : ""));
            out.println("|---|---:|---:|---:|---:|---:|---:|" + (cpu ? "---:|---:|" : ""));
        } else {
            out.printf(Locale.ROOT, "%-12s %7s %10s %9s %9s %9s %7s" + (cpu ? " %14s %14s" : "") + "%n",
                    "scenario", "clients", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "server µs/op",
                    "generator µs/op");
        }
        out.flush();
    }

    public void row(StepResult r) {
        out.println(line(r, null));
        out.flush();
    }

    /** A row with the step's CPU per operation (blank when {@code perOp} is null). */
    void row(StepResult r, CpuMeter.PerOperation perOp) {
        out.println(line(r, perOp));
        out.flush();
    }

    String line(StepResult r) {
        return line(r, null);
    }

    String line(StepResult r, CpuMeter.PerOperation perOp) {
        if (format == Format.MARKDOWN) {
            String base = String.format(Locale.ROOT, "| %s | %d | %,.0f | %.3f | %.3f | %.3f | %d |", r.scenario(),
                    r.clients(), r.opsPerSecond(), r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(99.9),
                    r.errors());
            if (!cpu) {
                return base;
            }
            return base + (perOp == null ? "  |  |"
                    : String.format(Locale.ROOT, " %.0f | %.0f |", perOp.servers(), perOp.generator()));
        }
        String base = String.format(Locale.ROOT, "%-12s %7d %,10.0f %9.3f %9.3f %9.3f %7d", r.scenario(), r.clients(),
                r.opsPerSecond(), r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(99.9), r.errors());
        if (!cpu) {
            return base;
        }
        return base + (perOp == null ? String.format("%15s%15s", "", "")
                : String.format(Locale.ROOT, " %14.0f %14.0f", perOp.servers(), perOp.generator()));
    }
}
