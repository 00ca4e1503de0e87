package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BenchServer's "serving" line as the testkit's launcher reads it, and a scratch node's cleanup, through a real child JVM. */
class BenchServerTest {

    @Test
    void aSpawnedNodeServesAndClosingItRemovesItsProcessAndDirectory() throws Exception {
        Path workDir;
        ProcessHandle child;
        try (ServerProcess server = BenchServer.spawn(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                List.of("--partitions", "2"), Duration.ofSeconds(120))) {
            workDir = server.logFile().getParent();
            child = ProcessHandle.of(server.pid()).orElseThrow();
            HttpResponse<String> status = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.address() + "/v1/status")).timeout(Duration.ofSeconds(30))
                            .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(server.address()).startsWith("http://127.0.0.1:");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"partitionCount\":2");
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(Files.exists(workDir)).isFalse();
    }
}
