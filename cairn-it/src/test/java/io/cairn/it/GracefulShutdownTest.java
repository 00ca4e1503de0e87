package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.client.CairnClient;
import io.cairn.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM closes the node cleanly and promptly, and its data is there on the next start. */
class GracefulShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheNodeCleanlyAndKeepsItsData() throws Exception {
        Path data = dir.resolve("data");
        long revision;
        try (ServerProcess server = ServerProcess.start(data, Duration.ofSeconds(90), "--partitions", "2");
                CairnClient client = new CairnClient(server.address(), Duration.ofSeconds(10))) {
            revision = client.register(null, "api", "a1",
                    new InstanceRequest("api.internal", 443, List.of("tls"), Map.of("v", "2"), 7)).revision();
            // 128 + SIGTERM(15): the JVM ran its shutdown hooks and exited on the signal.
            assertThat(server.terminate(Duration.ofSeconds(20))).isEqualTo(143);
            assertThat(server.log()).contains("event=stopped");
        }
        try (ServerProcess server = ServerProcess.start(data, Duration.ofSeconds(90));
                CairnClient client = new CairnClient(server.address(), Duration.ofSeconds(10))) {
            InstanceView back = client.instance(null, "api", "a1");
            assertThat(back.address()).isEqualTo("api.internal");
            assertThat(back.port()).isEqualTo(443);
            assertThat(back.tags()).containsExactly("tls");
            assertThat(back.meta()).containsExactly(Map.entry("v", "2"));
            assertThat(back.weight()).isEqualTo(7);
            assertThat(client.instances(null, "api", List.of(), Map.of()).revision()).isEqualTo(revision);
        }
    }
}
