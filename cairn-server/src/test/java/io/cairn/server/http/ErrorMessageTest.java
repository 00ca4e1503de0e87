package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What error messages say: the field and the rule in the API's words, no library internals, no
 * control characters echoed back; and the heartbeat cases that once answered 200.
 */
class ErrorMessageTest {

    private static final String TARGET = "/v1/services/web/instances/i1";

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 2).start();
        server.register("web", "e1", "{\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":true,\"ttl\":\"1h\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static JsonNode error(HttpAnswer a, int status) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        return a.json();
    }

    @Test
    void listsOfObjectsAreNotCalledListsOfStrings() {
        JsonNode checks = error(server.put(TARGET, "{\"address\":\"10.0.0.1\",\"port\":80,\"checks\":{}}"), 400);
        assertThat(checks.path("message").asText()).isEqualTo("checks: must be an array of check objects");
        JsonNode instances = error(server.put("/v1/heartbeat", "{\"instances\":\"x\"}"), 400);
        assertThat(instances.path("field").asText()).isEqualTo("instances");
        assertThat(instances.path("message").asText()).contains("array of objects").doesNotContain("strings");
    }

    @Test
    void controlCharactersAreNeverEchoed() {
        JsonNode path = error(server.put(TARGET, "{\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\","
                + "\"path\":\"/h\\r\\nX-Evil: 1\"}]}"), 400);
        assertThat(path.path("field").asText()).isEqualTo("checks[0].path");
        assertThat(path.path("message").asText()).doesNotContain("\r", "\n").doesNotContain("URL");
        JsonNode url = error(server.put(TARGET, "{\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\","
                + "\"url\":\"ftp://x/\\u0007\"}]}"), 400);
        assertThat(url.path("message").asText()).doesNotContain("\u0007").contains("\\u0007");
        JsonNode ttl = error(server.put(TARGET, "{\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":true,"
                + "\"ttl\":\"1\\ns\"}"), 400);
        assertThat(ttl.path("message").asText()).doesNotContain("\n");
    }

    @Test
    void deepNestingIsExplainedWithoutLibraryInternals() {
        JsonNode e = error(server.put(TARGET, "[".repeat(60_000)), 400);
        assertThat(e.path("error").asText()).isEqualTo("invalid_json");
        assertThat(e.path("message").asText()).contains("nested").doesNotContain("StreamReadConstraints")
                .doesNotContain("getMax");
    }

    @Test
    void aBadMetaKeyIsNamedAsTheField() {
        JsonNode e = error(server.put(TARGET, "{\"address\":\"10.0.0.1\",\"port\":80,\"meta\":{\"-x\":\"v\"}}"), 400);
        assertThat(e.path("field").asText()).isEqualTo("meta.-x");
        JsonNode control = error(server.put(TARGET, "{\"address\":\"10.0.0.1\",\"port\":80,\"meta\":{\"a\\tb\":\"v\"}}"),
                400);
        assertThat(control.path("field").asText()).isEqualTo("meta.a\\u0009b");
    }

    @Test
    void aSingleHeartbeatWithAGarbageBodyIsRefused() {
        String path = "/v1/services/web/instances/e1/heartbeat";
        JsonNode e = error(server.send("PUT", path, "garbage", "application/json"), 400);
        assertThat(e.path("error").asText()).isEqualTo("invalid_body");
        assertThat(server.send("PUT", path, null, null).status()).isEqualTo(200);
        assertThat(server.send("PUT", path, "{}", "application/json").status()).isEqualTo(200);
    }

    @Test
    void anInstanceNamedTwiceInABatchIsRenewedOnce() {
        HttpAnswer a = server.put("/v1/heartbeat", "{\"instances\":[{\"service\":\"web\",\"id\":\"e1\"},"
                + "{\"namespace\":\"default\",\"service\":\"web\",\"id\":\"e1\"},{\"service\":\"web\",\"id\":\"gone\"},"
                + "{\"service\":\"web\",\"id\":\"gone\"}]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("renewed").asInt()).isEqualTo(1);
        assertThat(a.json().path("unknown").size()).isEqualTo(1);
    }

    /** Whatever a parser quotes from the body, the answer carries no raw control character. */
    @Test
    void syntaxErrorsQuoteNoControlCharacters() {
        for (String body : new String[] {"{\"address\": abc\u0001def}", "{\"port\": tru\u0007e}", "\u0001"}) {
            HttpAnswer a = server.put(TARGET, body);
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body().chars().filter(c -> c < 0x20).count()).as(a.body()).isZero();
            assertThat(a.json().path("message").asText().chars().filter(c -> c < 0x20).count()).as(a.body())
                    .isZero();
        }
    }
}
