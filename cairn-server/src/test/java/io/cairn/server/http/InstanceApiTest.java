package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.CatalogDump;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native API's behaviour on good input, against one real node shared by the class. Each
 * test uses its own service names (or namespace), so the tests do not depend on their order.
 */
class InstanceApiTest {

    private static final int PARTITIONS = 4;

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, PARTITIONS).start();
        // The filter tests' service: tag and metadata combinations, one value holding ':'.
        server.register("filtered", "i1", body("10.0.0.1", 80, List.of("a", "b"), Map.of("zone", "eu", "tier", "web")));
        server.register("filtered", "i2", body("10.0.0.2", 80, List.of("a"), Map.of("zone", "us")));
        server.register("filtered", "i3", body("10.0.0.3", 80, List.of("b"), Map.of("zone", "eu")));
        server.register("filtered", "i4", body("10.0.0.4", 80, List.of(), Map.of("url", "http://x:80")));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Map<String, Object> body(String address, int port, List<String> tags, Map<String, String> meta) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("address", address);
        b.put("port", port);
        b.put("tags", tags);
        b.put("meta", meta);
        return b;
    }

    static Map<String, Object> body(String address, int port) {
        return Map.of("address", address, "port", port);
    }

    @Test
    void registeredInstanceReadsBackAsSent() {
        HttpAnswer put = server.put("/v1/services/web/instances/web-1", """
                {"address": "10.0.0.1", "port": 8080, "tags": ["v2", "canary", "a"],
                 "meta": {"zone": "eu-1", "build": "1234"}}""");

        assertThat(put.status()).isEqualTo(200);
        JsonNode result = put.json();
        assertThat(result.get("id").asText()).isEqualTo("web-1");
        assertThat(result.get("changed").asBoolean()).isTrue();
        long revision = result.get("revision").asLong();
        assertThat(revision).isPositive();
        assertThat(put.index()).isEqualTo(revision);

        HttpAnswer read = server.get("/v1/services/web/instances/web-1");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.index()).isEqualTo(revision);
        JsonNode i = read.json();
        assertThat(i.get("namespace").asText()).isEqualTo("default");
        assertThat(i.get("service").asText()).isEqualTo("web");
        assertThat(i.get("id").asText()).isEqualTo("web-1");
        assertThat(i.get("address").asText()).isEqualTo("10.0.0.1");
        assertThat(i.get("port").asInt()).isEqualTo(8080);
        assertThat(texts(i.get("tags"))).containsExactly("v2", "canary", "a");
        assertThat(i.get("meta").size()).isEqualTo(2);
        assertThat(i.get("meta").get("zone").asText()).isEqualTo("eu-1");
        assertThat(i.get("meta").get("build").asText()).isEqualTo("1234");
        assertThat(i.get("weight").asInt()).isEqualTo(100);

        HttpAnswer service = server.get("/v1/services/web");
        assertThat(service.index()).isEqualTo(revision);
        assertThat(service.json().get("revision").asLong()).isEqualTo(revision);
        assertThat(service.json().get("instances")).containsExactly(i);
    }

    @Test
    void identicalReRegistrationChangesNothing() {
        String first = "{\"address\":\"fd00::1\",\"port\":80,\"meta\":{\"a\":\"1\",\"b\":\"2\"},\"weight\":0}";
        // The same content with the metadata keys in another order: still the same instance.
        String same = "{\"weight\":0,\"meta\":{\"b\":\"2\",\"a\":\"1\"},\"port\":80,\"address\":\"fd00::1\"}";
        long revision = server.put("/v1/services/same/instances/s1", first).json().get("revision").asLong();
        long indexBefore = server.get("/v1/services/same").index();
        String statusBefore = CatalogDump.capture(server, List.of(), List.of()).partitions().toString();

        HttpAnswer again = server.put("/v1/services/same/instances/s1", same);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("changed").asBoolean()).isFalse();
        assertThat(again.json().get("revision").asLong()).isEqualTo(revision);
        assertThat(server.get("/v1/services/same").index()).isEqualTo(indexBefore).isEqualTo(revision);
        assertThat(CatalogDump.capture(server, List.of(), List.of()).partitions().toString()).isEqualTo(statusBefore);
    }

    @Test
    void updateMovesTheRevisionAndReplacesTheContent() {
        long r1 = server.register("upd", "u1", body("10.0.0.1", 80, List.of("a", "b"), Map.of("k", "v")))
                .json().get("revision").asLong();
        HttpAnswer update = server.register("upd", "u1", body("10.0.0.1", 81, List.of(), Map.of()));
        long r2 = update.json().get("revision").asLong();
        assertThat(update.json().get("changed").asBoolean()).isTrue();
        assertThat(r2).isGreaterThan(r1);
        // Tag order is content: the same tags in another order is an update too.
        long r3 = server.register("upd", "u1", body("10.0.0.1", 81, List.of("y", "x"), Map.of()))
                .json().get("revision").asLong();
        long r4 = server.register("upd", "u1", body("10.0.0.1", 81, List.of("x", "y"), Map.of()))
                .json().get("revision").asLong();
        assertThat(r3).isGreaterThan(r2);
        assertThat(r4).isGreaterThan(r3);

        HttpAnswer read = server.get("/v1/services/upd/instances/u1");
        assertThat(read.index()).isEqualTo(r4);
        assertThat(read.json().get("port").asInt()).isEqualTo(81);
        assertThat(texts(read.json().get("tags"))).containsExactly("x", "y");
        assertThat(read.json().get("meta").isEmpty()).isTrue();
    }

    @Test
    void revisionsOnlyGrowThroughRemovalAndReCreation() {
        long created = server.register("phoenix", "p1", body("10.0.0.1", 80)).index();
        HttpAnswer removed = server.delete("/v1/services/phoenix/instances/p1");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("changed").asBoolean()).isTrue();
        long emptied = removed.json().get("revision").asLong();

        // The emptied service is still readable, with its last revision, so it can be watched.
        HttpAnswer empty = server.get("/v1/services/phoenix");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.index()).isEqualTo(emptied);
        assertThat(empty.json().get("instances")).isEmpty();
        assertThat(server.get("/v1/services").json().get("services").findValuesAsText("name"))
                .doesNotContain("phoenix");

        long recreated = server.register("phoenix", "p1", body("10.0.0.1", 80)).index();
        assertThat(created).isLessThan(emptied);
        assertThat(emptied).isLessThan(recreated);
    }

    @Test
    void postGeneratesUniqueIdsWithTheirLocation() {
        Set<String> ids = new HashSet<>();
        for (int n = 0; n < 20; n++) {
            HttpAnswer created = server.post("/v1/services/generated/instances?ns=team-a",
                    TestServer.json(body("10.0.0." + (n + 1), 80)));
            assertThat(created.status()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(created.json().get("changed").asBoolean()).isTrue();
            assertThat(created.header("Location")).isEqualTo("/v1/services/generated/instances/" + id + "?ns=team-a");
            HttpAnswer read = server.get(created.header("Location"));
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("address").asText()).isEqualTo("10.0.0." + (n + 1));
            ids.add(id);
        }
        assertThat(ids).hasSize(20);
        assertThat(server.get("/v1/services/generated?ns=team-a").json().get("instances")).hasSize(20);

        HttpAnswer inDefault = server.post("/v1/services/generated/instances", TestServer.json(body("10.0.1.1", 80)));
        assertThat(inDefault.header("Location")).isEqualTo(
                "/v1/services/generated/instances/" + inDefault.json().get("id").asText());
    }

    @Test
    void rejectedPostCreatesNothingAndPointsNowhere() {
        HttpAnswer rejected = server.post("/v1/services/generated-bad/instances",
                "{\"address\":\"10.0.0.1\",\"port\":0}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.header("Location")).isNull();
        assertThat(server.get("/v1/services/generated-bad").index()).isZero();
    }

    @Test
    void deregisterRemovesOnceThenAnswersNotFound() {
        server.register("dereg", "d1", body("10.0.0.1", 80));
        server.register("dereg", "d2", body("10.0.0.2", 80));

        HttpAnswer first = server.delete("/v1/services/dereg/instances/d1");
        assertThat(first.status()).isEqualTo(200);
        long revision = first.json().get("revision").asLong();
        assertThat(first.json().get("id").asText()).isEqualTo("d1");
        HttpAnswer gone = server.get("/v1/services/dereg/instances/d1");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("not_found");
        assertThat(gone.index()).isEqualTo(revision);
        assertThat(ids(server.get("/v1/services/dereg"))).containsExactly("d2");
        CatalogDump before = CatalogDump.capture(server, List.of("default"), List.of());

        HttpAnswer second = server.delete("/v1/services/dereg/instances/d1");
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.json().get("error").asText()).isEqualTo("not_found");
        HttpAnswer neverThere = server.delete("/v1/services/never-registered/instances/x");
        assertThat(neverThere.status()).isEqualTo(404);

        assertThat(server.get("/v1/services/dereg").index()).isEqualTo(revision);
        assertThat(CatalogDump.capture(server, List.of("default"), List.of())).isEqualTo(before);
    }

    @ParameterizedTest(name = "?{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "tag=a | i1 i2",
            "tag=a&tag=b | i1",
            "tag=b&tag=a | i1",
            "meta=zone:eu | i1 i3",
            "tag=b&meta=zone:eu | i1 i3",
            "tag=a&meta=zone:eu | i1",
            "meta=zone:eu&meta=tier:web | i1",
            "meta=zone:us&meta=zone:eu | i1 i3",
            "meta=url:http://x:80 | i4",
            "meta=url%3Ahttp%3A%2F%2Fx%3A80 | i4",
            "tag=missing | ''",
            "meta=zone:mars | ''",
            "meta=zone: | ''",
            "'' | i1 i2 i3 i4",
    })
    void filtersCombineWithAnd(String query, String expected) {
        HttpAnswer all = server.get("/v1/services/filtered");
        HttpAnswer filtered = server.get("/v1/services/filtered?" + query);

        assertThat(filtered.status()).isEqualTo(200);
        List<String> expectedIds = expected.isEmpty() ? List.of() : List.of(expected.split(" "));
        assertThat(ids(filtered)).containsExactlyElementsOf(expectedIds);
        // A filter narrows the answer, never its revision.
        assertThat(filtered.index()).isEqualTo(all.index());
        assertThat(filtered.json().get("revision").asLong()).isEqualTo(all.index());
    }

    @Test
    void namespacesAreSeparateCatalogs() {
        server.register("iso", "x", body("10.0.0.1", 80));
        HttpAnswer other = server.put("/v1/services/iso/instances/x?ns=team-b",
                TestServer.json(body("10.9.9.9", 9090)));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().get("changed").asBoolean()).isTrue();

        assertThat(server.get("/v1/services/iso/instances/x").json().get("address").asText()).isEqualTo("10.0.0.1");
        JsonNode inB = server.get("/v1/services/iso/instances/x?ns=team-b").json();
        assertThat(inB.get("address").asText()).isEqualTo("10.9.9.9");
        assertThat(inB.get("namespace").asText()).isEqualTo("team-b");
        assertThat(server.get("/v1/services/iso?ns=team-b").json().get("namespace").asText()).isEqualTo("team-b");
        assertThat(server.get("/v1/services?ns=team-b").json().get("services").findValuesAsText("name"))
                .containsExactly("iso");
        assertThat(server.get("/v1/services?ns=team-c").json().get("services")).isEmpty();

        assertThat(server.delete("/v1/services/iso/instances/x?ns=team-b").status()).isEqualTo(200);
        assertThat(server.get("/v1/services/iso/instances/x").status()).isEqualTo(200);
        assertThat(server.get("/v1/services/iso/instances/x?ns=team-b").status()).isEqualTo(404);
        assertThat(server.delete("/v1/services/only-in-default/instances/x?ns=team-b").status()).isEqualTo(404);
    }

    @Test
    void serviceListCountsInstancesAndItsIndexMovesOnlyWithTheNamespace() {
        String ns = "counts";
        for (String id : List.of("a1", "a2", "a3")) {
            server.put("/v1/services/alpha/instances/" + id + "?ns=" + ns, TestServer.json(body("10.0.0.1", 80)));
        }
        server.put("/v1/services/beta/instances/b1?ns=" + ns, TestServer.json(body("10.0.0.1", 80)));
        server.put("/v1/services/gamma/instances/g1?ns=" + ns, TestServer.json(body("10.0.0.1", 80)));

        HttpAnswer list = server.get("/v1/services?ns=" + ns);
        assertThat(list.json().get("namespace").asText()).isEqualTo(ns);
        assertThat(summaries(list)).containsExactly("alpha 3", "beta 1", "gamma 1");
        long alphaRevision = server.get("/v1/services/alpha?ns=" + ns).index();
        assertThat(list.json().get("services").get(0).get("revision").asLong()).isEqualTo(alphaRevision);

        // The list shows each service's revision, so any change in the namespace moves its index;
        // a change elsewhere, or one that changes nothing, does not.
        long indexBefore = list.index();
        server.put("/v1/services/alpha/instances/a1?ns=counts-elsewhere", TestServer.json(body("10.0.0.2", 80)));
        server.put("/v1/services/alpha/instances/a2?ns=" + ns, TestServer.json(body("10.0.0.1", 80)));
        assertThat(server.get("/v1/services?ns=" + ns).index()).isEqualTo(indexBefore);
        server.put("/v1/services/alpha/instances/a1?ns=" + ns, TestServer.json(body("10.0.0.2", 80)));
        long afterUpdate = server.get("/v1/services?ns=" + ns).index();
        assertThat(afterUpdate).isGreaterThan(indexBefore);
        indexBefore = afterUpdate;
        server.delete("/v1/services/beta/instances/b1?ns=" + ns);
        HttpAnswer after = server.get("/v1/services?ns=" + ns);
        assertThat(after.index()).isGreaterThan(indexBefore);
        assertThat(summaries(after)).containsExactly("alpha 3", "gamma 1");
    }

    @Test
    void statusListsEveryPartitionWithItsLeaderAndRevision() {
        long revision = server.register("status-probe", "s1", body("10.0.0.1", 80)).index();
        int owner = server.server().router().partitionOf(new ServiceKey("default", "status-probe"));

        HttpAnswer status = server.get("/v1/status");

        assertThat(status.status()).isEqualTo(200);
        JsonNode s = status.json();
        assertThat(s.get("version").asText()).isNotBlank();
        assertThat(s.get("node").asText()).isEqualTo(server.server().nodeId());
        assertThat(s.get("partitionCount").asInt()).isEqualTo(PARTITIONS);
        List<Integer> numbers = new ArrayList<>();
        long sum = 0;
        for (JsonNode p : s.get("partitions")) {
            numbers.add(p.get("partition").asInt());
            assertThat(p.get("leader").asText()).isEqualTo(server.server().nodeId());
            assertThat(p.get("role").asText()).isEqualTo("LEADER");
            assertThat(p.get("group").asText()).isNotBlank();
            sum += p.get("revision").asLong();
        }
        assertThat(numbers).containsExactly(0, 1, 2, 3);
        assertThat(s.get("partitions").get(owner).get("revision").asLong()).isGreaterThanOrEqualTo(revision);
        assertThat(s.get("partitions").get(owner).get("instances").asInt()).isPositive();
        // The status index is the sum of the partition revisions: it moves on any change.
        assertThat(status.index()).isEqualTo(sum);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "host:8080 | host%3A8080",
            "user@host | user%40host",
            "a.b.c | a.b.c",
            "node-1_x:9000@dc1.eu | node-1_x%3A9000%40dc1.eu",
    })
    void idsWithColonAtAndDotRoundTrip(String id, String encoded) {
        HttpAnswer put = server.put("/v1/services/odd-ids/instances/" + encoded, TestServer.json(body("10.0.0.1", 80)));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("id").asText()).isEqualTo(id);

        // ':' and '@' are legal in a path segment: the raw and the encoded forms name one instance.
        HttpAnswer raw = server.get("/v1/services/odd-ids/instances/" + id);
        HttpAnswer viaEncoded = server.get("/v1/services/odd-ids/instances/" + encoded);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.json().get("id").asText()).isEqualTo(id);
        assertThat(viaEncoded.body()).isEqualTo(raw.body());
        assertThat(ids(server.get("/v1/services/odd-ids"))).contains(id);

        assertThat(server.delete("/v1/services/odd-ids/instances/" + id).status()).isEqualTo(200);
        assertThat(server.get("/v1/services/odd-ids/instances/" + encoded).status()).isEqualTo(404);
    }

    @Test
    void everyReadCarriesAnIndexEvenWhenNothingIsThere() {
        HttpAnswer unknownService = server.get("/v1/services/nothing-here");
        assertThat(unknownService.status()).isEqualTo(200);
        assertThat(unknownService.index()).isZero();
        assertThat(unknownService.json().get("revision").asLong()).isZero();
        assertThat(unknownService.json().get("instances")).isEmpty();

        HttpAnswer unknownInstance = server.get("/v1/services/nothing-here/instances/x");
        assertThat(unknownInstance.status()).isEqualTo(404);
        assertThat(unknownInstance.index()).isZero();

        long filteredRevision = server.get("/v1/services/filtered").index();
        HttpAnswer missingInKnownService = server.get("/v1/services/filtered/instances/none");
        assertThat(missingInKnownService.status()).isEqualTo(404);
        assertThat(missingInKnownService.index()).isEqualTo(filteredRevision);

        assertThat(server.get("/v1/services").hasIndex()).isTrue();
        assertThat(server.get("/v1/services?ns=empty-ns").json().get("services")).isEmpty();
        assertThat(server.get("/v1/status").hasIndex()).isTrue();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> ids(HttpAnswer service) {
        return service.json().get("instances").findValuesAsText("id");
    }

    private static List<String> summaries(HttpAnswer list) {
        List<String> out = new ArrayList<>();
        list.json().get("services").forEach(s -> out.add(s.get("name").asText() + " " + s.get("instances").asInt()));
        return out;
    }
}
