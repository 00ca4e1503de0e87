package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** X-Consul-Index is derived from revisions, which are in the Raft log: a restart never lowers it. */
class ConsulRestartTest {

    @TempDir
    Path dir;

    private static long index(HttpAnswer a) {
        return Long.parseLong(a.header("X-Consul-Index"));
    }

    @Test
    void indexesAreTheSameAfterARestartAndGrowFromThere() throws Exception {
        long service;
        long list;
        try (TestServer server = new TestServer(dir, 2).start()) {
            for (String id : new String[] {"a-1", "a-2"}) {
                assertThat(server.put("/v1/agent/service/register", "{\"Name\":\"kept\",\"ID\":\"" + id
                        + "\",\"Address\":\"10.7.0.1\",\"Port\":80}").status()).isEqualTo(200);
            }
            assertThat(server.put("/v1/agent/service/register", "{\"Name\":\"emptied\",\"Address\":\"10.7.0.2\",\"Port\":80}")
                    .status()).isEqualTo(200);
            assertThat(server.put("/v1/agent/service/deregister/emptied", null).status()).isEqualTo(200);
            service = index(server.get("/v1/health/service/kept"));
            list = index(server.get("/v1/catalog/services"));
        }
        try (TestServer again = new TestServer(dir, 2).start()) {
            assertThat(index(again.get("/v1/health/service/kept"))).isEqualTo(service);
            assertThat(index(again.get("/v1/catalog/services"))).as("emptied services still count").isEqualTo(list);
            assertThat(again.put("/v1/agent/service/register", "{\"Name\":\"emptied\",\"Address\":\"10.7.0.2\",\"Port\":80}")
                    .status()).isEqualTo(200);
            assertThat(index(again.get("/v1/catalog/services"))).isGreaterThan(list);
        }
    }
}
