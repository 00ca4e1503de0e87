package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The fsync floor on the real disk: a row per thread count, with appends made and their CPU. */
class FsyncFloorTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+\\.\\d)$");

    @TempDir
    Path dir;

    @Test
    void printsAppendsPerSecondAndCpuPerAppendForEachThreadCount() throws Exception {
        StringWriter text = new StringWriter();
        CommandLine cmd = new CommandLine(new FsyncFloor()).setOut(new PrintWriter(text));

        int exit = cmd.execute("--threads", "1,2", "--duration", "300ms", "--dir", dir.toString());

        assertThat(exit).isZero();
        Matcher rows = ROW.matcher(text.toString());
        List<Integer> threads = new ArrayList<>();
        while (rows.find()) {
            threads.add(Integer.parseInt(rows.group(1)));
            assertThat(Long.parseLong(rows.group(2))).as("appends/s").isPositive();
            assertThat(Double.parseDouble(rows.group(3))).as("CPU µs per append").isPositive();
        }
        assertThat(threads).containsExactly(1, 2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("log-1-0", "log-2-0", "log-2-1");
        }
    }

    @Test
    void refusesARecordLargerThanTheFile() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new FsyncFloor()).setErr(new PrintWriter(err));

        int exit = cmd.execute("--record-bytes", "600000", "--dir", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--record-bytes must be 1-524288");
    }
}
