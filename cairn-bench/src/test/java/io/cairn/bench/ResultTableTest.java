package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static StepResult result() {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            latency.recordValue(i * 1_000L); // 1 us .. 1 ms
        }
        return new StepResult("register", 64, 25_000, 2.0, latency, 3, null);
    }

    @Test
    void markdownRowsFitTheDocsTable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultTable table = new ResultTable(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                ResultTable.Format.MARKDOWN);

        table.header();
        table.row(result());

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("| scenario | clients | ops/s | p50 ms | p99 ms | p99.9 ms | errors |");
        assertThat(lines[2]).isEqualTo("| register | 64 | 12,500 | 0.500 | 0.990 | 0.999 | 3 |");
    }

    @Test
    void textRowsAreAligned() {
        ResultTable table = new ResultTable(System.out, ResultTable.Format.TABLE);

        assertThat(table.line(result())).matches("register\\s+64\\s+12,500\\s+0\\.500\\s+0\\.990\\s+0\\.999\\s+3");
    }
}
