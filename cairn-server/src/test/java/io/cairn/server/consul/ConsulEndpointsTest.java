package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Consul endpoints the client tests do not reach, over plain HTTP: filters, namespaces,
 * read modes, several checks with their ids, catalog registration and nodes, and how a Consul
 * registration looks in the native API.
 */
class ConsulEndpointsTest {

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

    private static void ok(HttpAnswer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    private static List<String> ids(JsonNode entries, String field) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(field.contains(".") ? e.get("Service").get("ID").asText() : e.get(field).asText()));
        return out;
    }

    private static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    @Test
    void filtersSelectOnServiceFields() {
        ok(server.put("/v1/agent/service/register", "{\"Name\":\"shop\",\"ID\":\"shop-1\",\"Address\":\"10.4.0.1\","
                + "\"Port\":80,\"Tags\":[\"v2\"],\"Meta\":{\"zone\":\"eu\"}}"));
        ok(server.put("/v1/agent/service/register", "{\"Name\":\"shop\",\"ID\":\"shop-2\",\"Address\":\"10.4.0.2\","
                + "\"Port\":81,\"Tags\":[\"v1\"],\"Meta\":{\"zone\":\"us\"}}"));
        assertThat(ids(server.get("/v1/health/service/shop?filter=" + q("Service.Tags contains \"v2\"")).json(), "Service.ID"))
                .containsExactly("shop-1");
        assertThat(ids(server.get("/v1/catalog/service/shop?filter=" + q("ServiceMeta.zone == \"us\" or ServicePort == 80"))
                .json(), "ServiceID")).containsExactly("shop-1", "shop-2");
        assertThat(server.get("/v1/agent/services?filter=" + q("Service == \"shop\" and Port == 81")).json().fieldNames())
                .toIterable().containsExactly("shop-2");
    }

    @Test
    void namespacesAreSeparateAndReadModesSayHowFreshTheyAre() {
        ok(server.put("/v1/agent/service/register?ns=team-a", "{\"Name\":\"inner\",\"Address\":\"10.5.0.1\",\"Port\":80}"));
        assertThat(server.get("/v1/catalog/services?ns=team-a").json().has("inner")).isTrue();
        assertThat(server.get("/v1/catalog/services").json().has("inner")).isFalse();
        assertThat(server.get("/v1/catalog/service/inner?ns=team-a").json().get(0).get("ServiceID").asText())
                .as("ID defaults to the name").isEqualTo("inner");
        assertThat(server.get("/v1/catalog/service/inner?ns=team-a").json().get(0).get("Namespace").asText())
                .isEqualTo("team-a");
        HttpAnswer stale = server.get("/v1/health/service/inner?ns=team-a&stale");
        assertThat(stale.header("X-Consul-LastContact")).isEqualTo("0");
        assertThat(stale.header("X-Consul-KnownLeader")).isEqualTo("true");
        HttpAnswer consistent = server.get("/v1/health/service/inner?ns=team-a&consistent");
        assertThat(consistent.header("X-Consul-Index")).isEqualTo(stale.header("X-Consul-Index"));
        assertThat(server.get("/v1/services/inner?ns=team-a").json().get("instances")).hasSize(1);
    }

    @Test
    void aChecksNewOutputShowsInTheHealthReadThoughTheCatalogDidNotChange() {
        ok(server.put("/v1/agent/service/register", "{\"Name\":\"noted\",\"ID\":\"noted-1\",\"Address\":\"10.9.0.1\","
                + "\"Port\":80,\"Check\":{\"TTL\":\"1h\"}}"));
        ok(server.put("/v1/agent/check/update/service:noted-1", "{\"Status\":\"passing\",\"Output\":\"load 1\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outputOf("noted").equals("load 1"));
        HttpAnswer first = server.get("/v1/health/service/noted?passing");
        assertThat(server.get("/v1/health/service/noted?passing").body()).as("the same answer read again")
                .isEqualTo(first.body());

        // Only the output changes: no revision moves, yet the answer (cached until now) must show it.
        ok(server.put("/v1/agent/check/update/service:noted-1", "{\"Status\":\"passing\",\"Output\":\"load 2\"}"));
        assertThat(outputOf("noted")).isEqualTo("load 2");
        assertThat(server.get("/v1/health/service/noted?passing").header("X-Consul-Index"))
                .isEqualTo(first.header("X-Consul-Index"));
        ok(server.put("/v1/agent/service/deregister/noted-1", null));
    }

    private static String outputOf(String service) {
        JsonNode entries = server.get("/v1/health/service/" + service + "?passing").json();
        return entries.isEmpty() ? "" : entries.get(0).get("Checks").get(0).get("Output").asText();
    }

    @Test
    void severalChecksAreNumberedAndMapOntoNativeChecks() {
        ok(server.put("/v1/agent/service/register", "{\"Name\":\"multi\",\"ID\":\"multi-1\",\"Address\":\"127.0.0.1\","
                + "\"Port\":9,\"Checks\":[{\"TTL\":\"1h\",\"DeregisterCriticalServiceAfter\":\"90m\"},"
                + "{\"TCP\":\"127.0.0.1:9\",\"Interval\":\"1m\",\"Timeout\":\"5m\"},"
                + "{\"HTTP\":\"http://127.0.0.1:9/health\",\"Interval\":\"30s\",\"Timeout\":\"1s\"}]}"));
        JsonNode checks = server.get("/v1/health/checks/multi").json();
        assertThat(ids(checks, "CheckID")).containsExactly("service:multi-1:1", "service:multi-1:2", "service:multi-1:3");
        assertThat(checks.get(0).get("Type").asText()).isEqualTo("ttl");
        assertThat(server.get("/v1/agent/checks").json().has("service:multi-1:2")).isTrue();

        JsonNode nativeView = server.get("/v1/services/multi/instances/multi-1").json();
        assertThat(nativeView.get("ephemeral").asBoolean()).as("persistent, like an agent's service").isFalse();
        assertThat(nativeView.get("deregisterAfter").asText()).isEqualTo("5400s");
        assertThat(nativeView.get("checks").get(0).get("type").asText()).isEqualTo("ttl");
        assertThat(nativeView.get("checks").get(1).get("timeout").asText()).as("cut to the interval").isEqualTo("60s");
        assertThat(nativeView.get("checks").get(2).get("url").asText()).isEqualTo("http://127.0.0.1:9/health");

        ok(server.put("/v1/agent/check/update/service:multi-1:1", "{\"Status\":\"warning\",\"Output\":\"disk 91%\"}"));
        // The leader shows each check's own result once the catalog agrees with their worst (critical:
        // nothing listens on port 9).
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode first = server.get("/v1/health/checks/multi").json().get(0);
            return first.get("Output").asText().equals("disk 91%") && first.get("Status").asText().equals("warning");
        });
        ok(server.put("/v1/agent/service/deregister/multi-1", null));
        assertThat(server.get("/v1/health/checks/multi").json()).isEmpty();
    }

    @Test
    void catalogRegistrationAndNodes() {
        HttpAnswer r = server.put("/v1/catalog/register", "{\"Node\":\"ext-db\",\"Address\":\"10.6.0.1\","
                + "\"Service\":{\"ID\":\"pg-1\",\"Service\":\"pg\",\"Port\":5432,\"Tags\":[\"primary\"]}}");
        ok(r);
        assertThat(r.body()).isEqualTo("true");
        JsonNode entry = server.get("/v1/catalog/service/pg").json().get(0);
        assertThat(entry.get("Node").asText()).isEqualTo("10.6.0.1");
        assertThat(entry.get("ServiceAddress").asText()).isEqualTo("10.6.0.1");
        assertThat(ids(server.get("/v1/catalog/nodes").json(), "Node")).contains("10.6.0.1");
        JsonNode node = server.get("/v1/catalog/node/10.6.0.1").json();
        assertThat(node.get("Node").get("Address").asText()).isEqualTo("10.6.0.1");
        assertThat(node.get("Services").has("pg-1")).isTrue();
        assertThat(server.get("/v1/catalog/node/10.99.0.1").body()).isEqualTo("null");
        assertThat(server.get("/v1/health/node/10.6.0.1").json()).isEmpty();

        ok(server.put("/v1/catalog/deregister", "{\"Node\":\"10.6.0.1\",\"ServiceID\":\"pg-1\"}"));
        assertThat(server.get("/v1/catalog/service/pg").json()).isEmpty();
        assertThat(server.get("/v1/catalog/datacenters").json().get(0).asText()).isEqualTo("dc1");
    }
}
