package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {

    @TempDir
    Path dir;

    @Test
    void registersAndReads() throws Exception {
        try (TestServer s = new TestServer(dir, 4).start()) {
            HttpResponse<String> r = s.put("/v1/services/web/instances/a", "{\"address\":\"10.0.0.1\",\"port\":80}");
            System.out.println(r.statusCode() + " " + r.body());
            r = s.get("/v1/services/web");
            System.out.println(r.statusCode() + " " + r.headers().map() + " " + r.body());
            r = s.get("/v1/status");
            System.out.println(r.statusCode() + " " + r.body());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }
}
