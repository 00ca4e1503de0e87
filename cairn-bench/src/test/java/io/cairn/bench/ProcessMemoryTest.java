package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    /** What JDK 17's jcmd prints for a G1 heap. */
    private static final String G1_HEAP_INFO = """
            12345:
             garbage-first heap   total 65536K, used 23552K [0x00000000e0000000, 0x0000000100000000)
              region size 1024K, 2 young (2048K), 0 survivors (0K)
             Metaspace       used 31000K, committed 31360K, reserved 1114112K
              class space    used 3600K, committed 3776K, reserved 1048576K
            """;

    @Test
    void readsUsedAndCommittedHeapOfG1() throws IOException {
        HeapUsage heap = ProcessMemory.parseHeapInfo(G1_HEAP_INFO);

        assertThat(heap.usedBytes()).isEqualTo(23552L * 1024);
        assertThat(heap.committedBytes()).isEqualTo(65536L * 1024);
        assertThat(heap.metaspaceUsedBytes()).isEqualTo(31000L * 1024);
    }

    @Test
    void saysSoWhenTheOutputHasNoHeapFigures() {
        assertThatThrownBy(() -> ProcessMemory.parseHeapInfo("12345:\nCould not attach\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("Could not attach");
    }

    @Test
    void readsResidentSetSizeFromProcStatus() throws IOException {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  204800 kB\nRssAnon:\t 150000 kB\nThreads:\t108\n";

        assertThat(ProcessMemory.parseVmRss(status)).isEqualTo(204800L * 1024);
        assertThat(ProcessMemory.parseThreads(status)).isEqualTo(108);
    }

    @Test
    void measuresThisJvmsResidentSetSize() throws IOException {
        long rss = new ProcessMemory(ProcessHandle.current().pid()).residentBytes();

        assertThat(rss).isGreaterThan(1024L * 1024);
    }
}
