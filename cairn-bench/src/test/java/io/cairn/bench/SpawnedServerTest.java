package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BenchServer's READY line and its stdin-EOF shutdown, through a real child JVM. */
class SpawnedServerTest {

    @Test
    void theChildServesAfterReadyAndStopsWhenItsStdinCloses() throws Exception {
        Path workDir;
        ProcessHandle child;
        try (SpawnedServer server = SpawnedServer.start(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                List.of("--partitions", "2"), Duration.ofSeconds(120))) {
            workDir = server.logFile().getParent();
            child = ProcessHandle.of(server.pid()).orElseThrow();
            HttpResponse<String> status = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/status")).timeout(Duration.ofSeconds(30))
                            .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"partitionCount\":2");
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(Files.exists(workDir)).isFalse();
    }
}
