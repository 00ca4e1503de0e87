package io.cairn.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.CatalogDump;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The health parts of the API on good and bad input, against one real node. */
class HealthApiTest {

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 4).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void anEphemeralInstanceShowsItsKindTtlAndHealth() {
        server.put("/v1/services/shown/instances/e", "{\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":true}");
        server.put("/v1/services/shown/instances/p", "{\"address\":\"10.0.0.2\",\"port\":80}");
        JsonNode e = server.get("/v1/services/shown/instances/e").json();
        assertThat(e.get("ephemeral").asBoolean()).isTrue();
        assertThat(e.get("ttl").asText()).as("the default TTL").isEqualTo("10s");
        assertThat(e.get("health").asText()).isEqualTo("passing");
        JsonNode p = server.get("/v1/services/shown/instances/p").json();
        assertThat(p.get("ephemeral").asBoolean()).isFalse();
        assertThat(p.get("ttl").isNull()).isTrue();
        assertThat(p.get("checks")).isEmpty();
    }

    @Test
    void checksAreShownResolved() {
        server.put("/v1/services/resolved/instances/c", "{\"address\":\"fd00::1\",\"port\":8080,\"deregisterAfter\":\"90s\","
                + "\"checks\":[{\"type\":\"http\",\"path\":\"/health\",\"interval\":\"5s\"},{\"type\":\"tcp\",\"timeout\":\"1500ms\"}]}");
        JsonNode c = server.get("/v1/services/resolved/instances/c").json();
        assertThat(c.get("health").asText()).as("critical until a check passes").isEqualTo("critical");
        assertThat(c.get("deregisterAfter").asText()).isEqualTo("90s");
        JsonNode http = c.get("checks").get(0);
        assertThat(http.get("type").asText()).isEqualTo("http");
        assertThat(http.get("url").asText()).isEqualTo("http://[fd00::1]:8080/health");
        assertThat(http.get("interval").asText()).isEqualTo("5s");
        assertThat(http.get("timeout").asText()).isEqualTo("2s");
        JsonNode tcp = c.get("checks").get(1);
        assertThat(tcp.get("target").asText()).isEqualTo("[fd00::1]:8080");
        assertThat(tcp.get("interval").asText()).isEqualTo("10s");
        assertThat(tcp.get("timeout").asText()).isEqualTo("1500ms");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ttl on a persistent instance | {\"address\":\"10.0.0.1\",\"port\":80,\"ttl\":\"5s\"} | ttl",
        "ttl below 1s | {\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":true,\"ttl\":\"500ms\"} | ttl",
        "ttl not a duration | {\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":true,\"ttl\":\"soon\"} | ttl",
        "ephemeral not a boolean | {\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":\"yes\"} | ephemeral",
        "unknown check type | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"grpc\"}]} | checks[0].type",
        "check without type | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"interval\":\"5s\"}]} | checks[0].type",
        "interval below minimum | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"tcp\",\"interval\":\"500ms\"}]} | checks[0].interval",
        "timeout above interval | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"tcp\",\"interval\":\"1s\",\"timeout\":\"2s\"}]} | checks[0].timeout",
        "malformed url | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\",\"url\":\"http//x\"}]} | checks[0].url",
        "url not http | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\",\"url\":\"ftp://h/x\"}]} | checks[0].url",
        "url and path | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\",\"url\":\"http://h/\",\"path\":\"/x\"}]} | checks[0].url",
        "http without url | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\"}]} | checks[0].url",
        "path not absolute | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\",\"path\":\"health\"}]} | checks[0].path",
        "tcp with url | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"tcp\",\"url\":\"http://h/\"}]} | checks[0].url",
        "tcp target without port | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"tcp\",\"target\":\"db\"}]} | checks[0].target",
        "tcp target bad port | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"tcp\",\"target\":\"db:99999\"}]} | checks[0].target",
        "http with target | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"http\",\"target\":\"db:1\"}]} | checks[0].target",
        "second check bad | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"tcp\"},{\"type\":\"tcp\",\"interval\":\"2h\"}]} | checks[1].interval",
        "unknown check field | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[{\"type\":\"tcp\",\"every\":\"5s\"}]} | checks[0].every",
        "deregisterAfter without checks | {\"address\":\"10.0.0.1\",\"port\":80,\"deregisterAfter\":\"1m\"} | deregisterAfter",
        "null check | {\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[null]} | checks[0]",
    })
    void aBadHealthDefinitionIsRefusedByNameAndRegistersNothing(String why, String body, String field) {
        CatalogDump before = CatalogDump.capture(server, List.of("default"), List.of("/v1/services/refused"));
        HttpAnswer a = server.put("/v1/services/refused/instances/x", body);
        assertThat(a.status()).as(why + ": " + a.body()).isEqualTo(400);
        assertThat(a.json().get("field").asText()).as(why + ": " + a.body()).isEqualTo(field);
        assertThat(a.json().get("message").asText()).startsWith(field + ": ");
        assertThat(CatalogDump.capture(server, List.of("default"), List.of("/v1/services/refused"))).isEqualTo(before);
    }

    @Test
    void nineChecksAreTooMany() {
        String check = "{\"type\":\"tcp\"}";
        String checks = String.join(",", java.util.Collections.nCopies(9, check));
        HttpAnswer a = server.put("/v1/services/refused/instances/nine",
                "{\"address\":\"10.0.0.1\",\"port\":80,\"checks\":[" + checks + "]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("field").asText()).isEqualTo("checks");
    }

    @Test
    void aHeartbeatBatchTellsRenewedUnknownAndPersistentApart() {
        server.put("/v1/services/hb/instances/e1", "{\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":true}");
        server.put("/v1/services/hb/instances/e2?ns=other", "{\"address\":\"10.0.0.1\",\"port\":80,\"ephemeral\":true}");
        server.put("/v1/services/hb/instances/p1", "{\"address\":\"10.0.0.1\",\"port\":80}");

        HttpAnswer a = server.put("/v1/heartbeat", "{\"instances\":[{\"service\":\"hb\",\"id\":\"e1\"},"
                + "{\"namespace\":\"other\",\"service\":\"hb\",\"id\":\"e2\"},{\"service\":\"hb\",\"id\":\"p1\"},"
                + "{\"service\":\"hb\",\"id\":\"ghost\"},{\"service\":\"never\",\"id\":\"x\"}]}");
        assertThat(a.status()).isEqualTo(200);
        JsonNode r = a.json();
        assertThat(r.get("renewed").asInt()).isEqualTo(2);
        assertThat(r.get("unknown").findValuesAsText("id")).containsExactly("ghost", "x");
        assertThat(r.get("unknown").get(0).get("namespace").asText()).isEqualTo("default");
        assertThat(r.get("persistent").findValuesAsText("id")).containsExactly("p1");

        assertThat(server.put("/v1/services/hb/instances/e2/heartbeat?ns=other", null).json().get("renewed").asInt())
                .isEqualTo(1);
        assertThat(server.put("/v1/services/hb/instances/p1/heartbeat", null).json().get("persistent")).hasSize(1);
        HttpAnswer missing = server.put("/v1/services/hb/instances/ghost/heartbeat", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("not_found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no instances | {} | instances",
        "bad service | {\"instances\":[{\"service\":\"hb\",\"id\":\"e1\"},{\"service\":\"-bad\",\"id\":\"x\"}]} | instances[1].service",
        "missing id | {\"instances\":[{\"service\":\"hb\"}]} | instances[0].id",
        "bad namespace | {\"instances\":[{\"namespace\":\"UPPER\",\"service\":\"hb\",\"id\":\"x\"}]} | instances[0].namespace",
        "null entry | {\"instances\":[null]} | instances[0]",
        "unknown field | {\"instances\":[{\"service\":\"hb\",\"id\":\"x\",\"ttl\":\"5s\"}]} | instances[0].ttl",
    })
    void aBadHeartbeatIsRefusedByName(String why, String body, String field) {
        HttpAnswer a = server.put("/v1/heartbeat", body);
        assertThat(a.status()).as(why + ": " + a.body()).isEqualTo(400);
        assertThat(a.json().get("field").asText()).as(a.body()).isEqualTo(field);
    }

    @Test
    void aHeartbeatBatchIsLimited() {
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int i = 0; i <= 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"service\":\"s\",\"id\":\"").append(i).append("\"}");
        }
        body.append("]}");
        // Larger than the default body limit: refused as such before it is read.
        assertThat(server.put("/v1/heartbeat", body.toString()).status()).isEqualTo(413);
    }

    @Test
    void passingFiltersAndTheServiceListCountsByHealth() {
        server.put("/v1/services/mixed/instances/ok", "{\"address\":\"10.0.0.1\",\"port\":80}");
        server.put("/v1/services/mixed/instances/bad", "{\"address\":\"127.0.0.1\",\"port\":1,"
                + "\"checks\":[{\"type\":\"tcp\",\"interval\":\"1h\"}]}");

        assertThat(server.get("/v1/services/mixed?passing").json().get("instances").findValuesAsText("id"))
                .containsExactly("ok");
        assertThat(server.get("/v1/services/mixed?passing=true").json().get("instances")).hasSize(1);
        assertThat(server.get("/v1/services/mixed?passing=false").json().get("instances")).hasSize(2);
        assertThat(server.get("/v1/services/mixed").json().get("instances")).hasSize(2);
        HttpAnswer bad = server.get("/v1/services/mixed?passing=maybe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("passing");

        JsonNode line = null;
        for (JsonNode s : server.get("/v1/services").json().get("services")) {
            if (s.get("name").asText().equals("mixed")) {
                line = s;
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.get("instances").asInt()).isEqualTo(2);
        assertThat(line.get("passing").asInt()).isEqualTo(1);
        assertThat(line.get("critical").asInt()).isEqualTo(1);
        assertThat(line.get("warning").asInt()).isZero();
    }

    @Test
    void statusListsNoProtectedNamespaceWhenAllIsWell() {
        assertThat(server.get("/v1/status").json().get("protectedNamespaces")).isEmpty();
    }
}
