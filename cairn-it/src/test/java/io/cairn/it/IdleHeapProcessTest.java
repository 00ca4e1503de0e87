package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.testkit.NodeProgram;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn server} with the launcher's heap flags, in a real process: while its JVM collects
 * often the node keeps its heap (G1's {@code MaxHeapFreeRatio} raised to 40), and once quiet it
 * lets the heap shrink again (back to the launcher's 10). The collections are forced from outside
 * with {@code jcmd GC.run}, and the flag is read the same way, as an operator would.
 */
class IdleHeapProcessTest {

    private static final Pattern RATIO = Pattern.compile("MaxHeapFreeRatio\\s*=\\s*(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aNodeThatCollectsOftenKeepsItsHeapAndLetsItShrinkOnceQuiet() throws Exception {
        List<String> options = new ArrayList<>(NodeProgram.TEST_JVM_OPTIONS);
        options.remove("-XX:+UseSerialGC");
        options.addAll(List.of("-XX:+UseG1GC", "-XX:InitialHeapSize=64m", "-XX:MinHeapSize=16m",
                "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10", "-XX:G1PeriodicGCInterval=10000"));
        try (ServerProcess node = ServerProcess.launch(NodeProgram.fromTestJvm().withJvmOptions(options))
                .dataDir(dir.resolve("data")).logFile(dir.resolve("node.log")).workDir(dir)
                .args("--partitions", "2").start(Duration.ofSeconds(90))) {
            long pid = node.pid();
            assertThat(ratio(pid)).isEqualTo(10);

            // Three collections: at least two fall in one of the node's 5 s periods.
            for (int i = 0; i < 3; i++) {
                jcmd(pid, "GC.run");
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ratio(pid) == 40);

            // Quiet: an idle node's periodic cycle is one collection per 10 s, never two per period.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ratio(pid) == 10);
        }
    }

    private static int ratio(long pid) throws IOException, InterruptedException {
        String flags = jcmd(pid, "VM.flags", "-all");
        Matcher m = RATIO.matcher(flags);
        assertThat(m.find()).as("MaxHeapFreeRatio in jcmd VM.flags -all").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        // A few hundred lines at most: reading them whole before waiting cannot block jcmd.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
