package io.cairn.server.acl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.server.config.AclSettings;
import io.cairn.testkit.SseStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint against every right: a token is let through exactly where its right is named
 * (docs/security.md, "Rights"), a known token without the right gets 403, no token or an unknown
 * one 401. One node, ACLs on, the initial token from a file.
 */
class AccessTableTest {

    private static final String MANAGEMENT = "0123456789abcdef0123456789abcdef";
    private static final String REGISTRATION = "{\"address\":\"10.0.0.1\",\"port\":80}";

    @TempDir
    static Path dir;
    static TestServer node;
    /** Right name to token secret; "anonymous" sends none, "unknown" one the cluster never made. */
    static final Map<String, String> TOKENS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path file = Files.writeString(dir.resolve("initial-token"), MANAGEMENT + "\n");
        node = new TestServer(TestServer.config(dir.resolve("data"), 2)
                .withAcl(new AclSettings(true, false, file, null, "dns"))).start();
        policy("read", "{\"rules\":[{\"namespace\":\"prod\",\"service\":\"payments*\",\"access\":\"read\"}]}");
        policy("write", "{\"rules\":[{\"namespace\":\"prod\",\"service\":\"payments*\",\"access\":\"write\"}]}");
        policy("ns-read", "{\"rules\":[{\"namespace\":\"prod\",\"service\":\"*\",\"access\":\"read\"}]}");
        policy("operator", "{\"operator\":true}");
        policy("admin", "{\"admin\":true}");
        policy("metrics", "{\"metrics\":true}");
        TOKENS.put("management", MANAGEMENT);
        for (String right : List.of("read", "write", "ns-read", "operator", "admin", "metrics")) {
            TOKENS.put(right, token("[\"" + right + "\"]"));
        }
        TOKENS.put("none", token("[]"));
        TOKENS.put("anonymous", null);
        TOKENS.put("unknown", "f".repeat(64));
        assertThat(node.send("PUT", "/v1/services/payments/instances/p1?ns=prod", REGISTRATION, "application/json",
                MANAGEMENT).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static void policy(String name, String body) {
        HttpAnswer a = node.send("PUT", "/v1/acl/policies/" + name, body, "application/json", MANAGEMENT);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    private static String token(String policies) {
        HttpAnswer a = node.send("POST", "/v1/acl/tokens", "{\"policies\":" + policies + "}", "application/json",
                MANAGEMENT);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json().get("secret").asText();
    }

    /** An endpoint, and the rights (besides the management token's) that may use it. */
    record Row(String method, String path, String body, Set<String> allowed) {
    }

    private static final Set<String> SERVICE_READ = Set.of("read", "write", "ns-read");
    private static final Set<String> ANY = Set.of("read", "write", "ns-read", "operator", "admin", "metrics", "none");
    private static final Set<String> PUBLIC = Set.of("read", "write", "ns-read", "operator", "admin", "metrics", "none",
            "anonymous", "unknown");

    static List<Row> rows() {
        String beat = "{\"instances\":[{\"namespace\":\"prod\",\"service\":\"payments\",\"id\":\"p1\"}]}";
        return List.of(
                new Row("GET", "/v1/services/payments?ns=prod", null, SERVICE_READ),
                new Row("GET", "/v1/services/payments-api?ns=prod", null, SERVICE_READ),
                new Row("GET", "/v1/services/payments/instances/p1?ns=prod", null, SERVICE_READ),
                new Row("GET", "/v1/services/billing?ns=prod", null, Set.of("ns-read")),
                new Row("GET", "/v1/services/payments", null, Set.of()),
                new Row("PUT", "/v1/services/payments/instances/p2?ns=prod", REGISTRATION, Set.of("write")),
                new Row("POST", "/v1/services/payments/instances?ns=prod", REGISTRATION, Set.of("write")),
                new Row("PUT", "/v1/services/billing/instances/b1?ns=prod", REGISTRATION, Set.of()),
                new Row("DELETE", "/v1/services/payments/instances/gone?ns=prod", null, Set.of("write")),
                new Row("PUT", "/v1/services/payments/instances/p1/heartbeat?ns=prod", null, Set.of("write")),
                new Row("PUT", "/v1/heartbeat", beat, Set.of("write")),
                new Row("GET", "/v1/services?ns=prod", null, ANY),
                new Row("HEAD", "/v1/watch/services/payments?ns=prod", null, SERVICE_READ),
                new Row("HEAD", "/v1/watch?ns=prod&service=payments", null, SERVICE_READ),
                new Row("HEAD", "/v1/watch?ns=prod&service=payments&service=billing", null, Set.of("ns-read")),
                new Row("HEAD", "/v1/watch?ns=prod", null, ANY),
                new Row("HEAD", "/v1/watch/services?ns=prod", null, ANY),
                new Row("GET", "/v1/export", null, Set.of()),
                new Row("GET", "/metrics", null, Set.of("metrics")),
                new Row("GET", "/v1/cluster/members", null, Set.of("operator")),
                new Row("GET", "/v1/cluster/local", null, Set.of("operator")),
                new Row("GET", "/v1/cluster/acl", null, Set.of("operator")),
                new Row("POST", "/v1/cluster/leave", "{\"node\":\"nobody\"}", Set.of("operator")),
                new Row("GET", "/v1/acl/tokens", null, Set.of("admin")),
                new Row("GET", "/v1/acl/policies", null, Set.of("admin")),
                new Row("PUT", "/v1/acl/policies/extra", "{}", Set.of("admin")),
                new Row("GET", "/v1/status", null, ANY), // counts only for COUNTS_SEEN: see below
                new Row("GET", "/v1/figures", null, Set.of("operator", "metrics")),
                new Row("GET", "/v1/acl/token/self", null, ANY),
                new Row("GET", "/v1/no-such-endpoint", null, ANY),
                // The Consul-compatible paths: Consul's 403 for every refusal.
                new Row("GET", "/v1/health/service/payments?ns=prod", null, SERVICE_READ),
                new Row("GET", "/v1/catalog/service/payments?ns=prod", null, SERVICE_READ),
                new Row("GET", "/v1/catalog/service/billing?ns=prod", null, Set.of("ns-read")),
                // Namespace-wide reads: any token, filtered to what it may read.
                new Row("GET", "/v1/catalog/services?ns=prod", null, ANY),
                new Row("GET", "/v1/catalog/nodes?ns=prod", null, ANY),
                new Row("GET", "/v1/catalog/node/10.0.0.1?ns=prod", null, ANY),
                new Row("GET", "/v1/agent/services?ns=prod", null, ANY),
                new Row("GET", "/v1/agent/checks?ns=prod", null, ANY),
                new Row("GET", "/v1/health/state/any?ns=prod", null, ANY),
                new Row("GET", "/v1/health/node/10.0.0.1?ns=prod", null, ANY),
                // One instance by id: the id does not name its service, so the whole namespace.
                new Row("GET", "/v1/agent/service/p1?ns=prod", null, Set.of("ns-read")),
                new Row("PUT", "/v1/agent/service/register?ns=prod", "{\"Name\":\"payments\",\"Port\":80}", Set.of()),
                new Row("PUT", "/v1/agent/service/deregister/p1?ns=prod", null, Set.of()),
                new Row("GET", "/v1/agent/self", null, ANY),
                new Row("GET", "/v1/status/leader", null, ANY),
                new Row("GET", "/v1/kv/some-key", null, ANY),
                // The console's static files are public; its API calls carry the token.
                new Row("GET", "/ui/", null, PUBLIC),
                new Row("GET", "/", null, PUBLIC));
    }

    @Test
    void eachRightAllowsExactlyWhatItNames() {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows()) {
            for (Map.Entry<String, String> t : TOKENS.entrySet()) {
                String right = t.getKey();
                HttpAnswer a = node.send(row.method(), row.path(), row.body(),
                        row.body() == null ? null : "application/json", t.getValue());
                boolean consul = row.path().matches("/v1/(agent|catalog|health|status|kv)/.*");
                int expected = right.equals("management") || row.allowed().contains(right) ? 0
                        : consul ? 403 : right.equals("anonymous") || right.equals("unknown") ? 401 : 403;
                boolean ok = expected == 0 ? a.status() != 401 && a.status() != 403 : a.status() == expected;
                if (!ok) {
                    wrong.add(row.method() + " " + row.path() + " with " + right + ": " + a.status()
                            + " (wanted " + (expected == 0 ? "allowed" : expected) + ") " + a.body());
                }
                if (expected != 0 && consul) {
                    assertThat(a.body()).startsWith(right.equals("unknown") ? "ACL not found" : "Permission denied");
                } else if (expected != 0 && !row.method().equals("HEAD")) {
                    assertThat(a.header("Content-Type")).startsWith("application/json");
                    assertThat(a.json().get("error").asText()).isIn("unauthorized", "forbidden");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The rights (besides the management token's) shown the counts of GET /v1/status. */
    private static final Set<String> COUNTS_SEEN = Set.of("operator", "metrics");

    @Test
    void theStatusShowsCountsOnlyToOperatorsAndReadinessToAnyToken() {
        assertThat(node.send("PUT", "/v1/services/payments-counted/instances/c1?ns=prod", REGISTRATION,
                "application/json", MANAGEMENT).status()).isEqualTo(200);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> t : TOKENS.entrySet()) {
            String right = t.getKey();
            if (right.equals("anonymous") || right.equals("unknown")) {
                continue; // 401: eachRightAllowsExactlyWhatItNames
            }
            HttpAnswer a = node.send("GET", "/v1/status", null, null, t.getValue());
            assertThat(a.status()).as(right + ": " + a).isEqualTo(200);
            JsonNode status = a.json();
            assertThat(status.get("ready").asBoolean()).as(right).isTrue();
            assertThat(status.get("node").asText()).as(right).isNotEmpty();
            JsonNode partitions = status.get("partitions");
            assertThat(partitions.size()).as(right).isEqualTo(2);
            boolean seen = right.equals("management") || COUNTS_SEEN.contains(right);
            long instances = 0;
            for (JsonNode p : partitions) {
                assertThat(p.get("leader").asText()).as(right).isNotEmpty();
                assertThat(p.get("role").asText()).as(right).isEqualTo("LEADER");
                for (String count : List.of("revision", "appliedIndex", "services", "instances")) {
                    if (p.get(count).isNull() == seen) {
                        wrong.add(right + ": partition " + p.get("partition") + " " + count + "=" + p.get(count));
                    }
                }
                instances += p.get("instances").asLong();
            }
            if (seen) {
                assertThat(instances).as(right + " counts the instance registered above").isPositive();
                assertThat(status.get("protectedNamespaces").isArray()).as(right).isTrue();
                assertThat(a.hasIndex()).as(right + ": the index, a sum of revisions").isTrue();
            } else {
                assertThat(status.get("protectedNamespaces").isNull()).as(right + ": " + status).isTrue();
                assertThat(a.hasIndex()).as(right + ": no index, a sum of revisions").isFalse();
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aNamespaceStreamCarriesOnlyTheServicesTheTokenMayRead() throws Exception {
        String read = TOKENS.get("read");
        HttpRequest open = HttpRequest.newBuilder(node.uri("/v1/watch?ns=prod")).header("Authorization", "Bearer " + read)
                .GET().build();
        try (SseStream s = SseStream.open(open)) {
            List<String> ids = new ArrayList<>();
            SseStream.Event e;
            while (!(e = s.next(Duration.ofSeconds(10))).name().equals("synced")) {
                ids.add(e.id());
            }
            assertThat(ids).allMatch(id -> id.startsWith("payments")).isNotEmpty();
            assertThat(node.send("PUT", "/v1/services/hidden/instances/h1?ns=prod", REGISTRATION, "application/json",
                    MANAGEMENT).status()).isEqualTo(200);
            // A payments service in the hidden one's partition: one partition's changes reach a
            // stream in order, so the next event shows whether the hidden change was left out.
            Partitioner partitioner = new Partitioner(2);
            int hiddenPartition = partitioner.partitionOf(new ServiceKey("prod", "hidden"));
            String late = "payments-late";
            for (int i = 0; partitioner.partitionOf(new ServiceKey("prod", late)) != hiddenPartition; i++) {
                late = "payments-late" + i;
            }
            assertThat(node.send("PUT", "/v1/services/" + late + "/instances/l1?ns=prod", REGISTRATION,
                    "application/json", MANAGEMENT).status()).isEqualTo(200);
            SseStream.Event next = s.next(Duration.ofSeconds(10));
            assertThat(next.id()).startsWith(late + ":");
        }
    }

    @Test
    void consulPathsTakeTheTokenAsConsulClientsSendItAndWatchesTakeItInTheQuery() throws Exception {
        String read = TOKENS.get("read");
        HttpRequest consulHeader = HttpRequest.newBuilder(node.uri("/v1/health/service/payments?ns=prod"))
                .header("X-Consul-Token", read).GET().build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(consulHeader,
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(node.get("/v1/health/service/payments?ns=prod&token=" + read).status()).isEqualTo(200);
        // ?token= is for Consul clients and browsers' event streams only, not every native path.
        assertThat(node.get("/v1/services/payments?ns=prod&token=" + read).status()).isEqualTo(401);
        try (SseStream s = SseStream.open(node.uri("/v1/watch/services/payments?ns=prod&token=" + read))) {
            assertThat(s.next(Duration.ofSeconds(10)).name()).isEqualTo("state");
        }
    }

    @Test
    void aServiceListingShowsOnlyTheServicesTheTokenMayRead() {
        assertThat(node.send("PUT", "/v1/services/listed-elsewhere/instances/e1?ns=prod", REGISTRATION,
                "application/json", MANAGEMENT).status()).isEqualTo(200);
        List<String> all = names(node.send("GET", "/v1/services?ns=prod", null, null, MANAGEMENT));
        assertThat(all).contains("payments", "listed-elsewhere");
        assertThat(names(node.send("GET", "/v1/services?ns=prod", null, null, TOKENS.get("read"))))
                .isNotEmpty().allMatch(n -> n.startsWith("payments"));
        assertThat(names(node.send("GET", "/v1/services?ns=prod", null, null, TOKENS.get("none")))).isEmpty();
        assertThat(names(node.send("GET", "/v1/services?ns=prod", null, null, TOKENS.get("ns-read")))).isEqualTo(all);
    }

    /**
     * The partial-namespace token ("read": prod/payments* only) against every namespace-wide
     * listing and stream: each shows only payments*, and its index (the event ids of the list
     * stream) is the sum of the revisions of those services alone, so a change of a service it may
     * not read neither moves the number nor wakes it; a token that reads the whole namespace sees
     * every change.
     */
    @Test
    void aPartialNamespaceTokenSeesNoTraceOfWhatItMayNotRead() throws Exception {
        String read = TOKENS.get("read");
        HttpAnswer before = node.send("GET", "/v1/services?ns=prod", null, null, read);
        HttpAnswer allBefore = node.send("GET", "/v1/services?ns=prod", null, null, TOKENS.get("ns-read"));
        assertThat(before.index()).isEqualTo(revisionSum(before));
        register("secret-ledger", "s1");
        HttpAnswer after = node.send("GET", "/v1/services?ns=prod", null, null, read);
        assertThat(after.index()).isEqualTo(before.index());
        assertThat(after.body()).isEqualTo(before.body());
        assertThat(node.send("GET", "/v1/services?ns=prod", null, null, TOKENS.get("ns-read")).index())
                .isGreaterThan(allBefore.index());
        // The same for the Consul dialect's namespace reads: the same number, the same names.
        HttpAnswer consul = node.send("GET", "/v1/catalog/services?ns=prod", null, null, read);
        assertThat(consul.status()).isEqualTo(200);
        assertThat(Long.parseLong(consul.header("X-Consul-Index"))).isEqualTo(after.index());
        List<String> consulNames = new ArrayList<>();
        consul.json().fieldNames().forEachRemaining(consulNames::add);
        assertThat(consulNames).isNotEmpty().allMatch(n -> n.startsWith("payments"));
        for (String path : List.of("/v1/agent/services?ns=prod", "/v1/health/state/any?ns=prod",
                "/v1/catalog/nodes?ns=prod", "/v1/health/node/10.0.0.9?ns=prod")) {
            HttpAnswer a = node.send("GET", path, null, null, read);
            assertThat(a.status()).as(path).isEqualTo(200);
            assertThat(Long.parseLong(a.header("X-Consul-Index"))).as(path).isEqualTo(after.index());
            assertThat(a.body()).as(path).doesNotContain("secret-ledger").doesNotContain("10.0.0.9");
        }

        // A held read (native and Consul) is not woken by the hidden change, and answers the next
        // visible one with the listing and index it shows.
        java.util.concurrent.CompletableFuture<HttpAnswer> held = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> node.send("GET", "/v1/services?ns=prod&index=" + after.index() + "&wait=30s", null, null, read));
        java.util.concurrent.CompletableFuture<HttpAnswer> heldConsul = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> node.send("GET", "/v1/catalog/services?ns=prod&index=" + after.index()
                        + "&wait=30s", null, null, read));
        register("secret-ledger", "s2");
        register("payments-held", "h1");
        HttpAnswer woken = held.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(names(woken)).contains("payments-held").allMatch(n -> n.startsWith("payments"));
        assertThat(woken.index()).isEqualTo(revisionSum(woken));
        HttpAnswer wokenConsul = heldConsul.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(wokenConsul.body()).contains("payments-held").doesNotContain("secret-ledger");
    }

    @Test
    void theServiceListStreamOfAPartialNamespaceTokenIsFilteredAndResumes() throws Exception {
        String read = TOKENS.get("read");
        HttpRequest open = HttpRequest.newBuilder(node.uri("/v1/watch/services?ns=prod"))
                .header("Authorization", "Bearer " + read).GET().build();
        String lastId;
        try (SseStream s = SseStream.open(open)) {
            SseStream.Event first = s.next(Duration.ofSeconds(10));
            assertThat(first.name()).isEqualTo("services");
            assertThat(listed(first)).isNotEmpty().allMatch(n -> n.startsWith("payments"));
            assertThat(Long.parseLong(first.id())).isEqualTo(node.send("GET", "/v1/services?ns=prod", null, null, read)
                    .index());
            // A hidden change, then a visible one: the next list is the visible one's. Had the
            // hidden one been sent (or woken the stream), the next list would lack it.
            register("hidden-stream", "x1");
            register("payments-streamed", "ps1");
            SseStream.Event next = s.next(Duration.ofSeconds(10));
            assertThat(listed(next)).contains("payments-streamed").allMatch(n -> n.startsWith("payments"));
            lastId = next.id();
            assertThat(s.events()).extracting(SseStream.Event::data).doesNotHaveDuplicates();
        }
        // Resume by Last-Event-ID after more hidden changes: nothing to send, so the first event is
        // the next visible change, not the list the client already has.
        register("hidden-stream", "x2");
        HttpRequest resume = HttpRequest.newBuilder(node.uri("/v1/watch/services?ns=prod"))
                .header("Authorization", "Bearer " + read).header("Last-Event-ID", lastId).GET().build();
        try (SseStream s = SseStream.open(resume)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.status() != 0);
            assertThat(s.status()).isEqualTo(200);
            register("payments-resumed", "pr1");
            SseStream.Event first = s.next(Duration.ofSeconds(10));
            assertThat(listed(first)).contains("payments-resumed").allMatch(n -> n.startsWith("payments"));
            assertThat(Long.parseLong(first.id())).isGreaterThan(Long.parseLong(lastId));
        }
    }

    /** Registers through the management token; services the "read" token may not read live at 10.0.0.9. */
    private static void register(String service, String id) {
        assertThat(node.send("PUT", "/v1/services/" + service + "/instances/" + id + "?ns=prod",
                "{\"address\":\"" + (service.startsWith("payments") ? "10.0.0.1" : "10.0.0.9") + "\",\"port\":80}",
                "application/json", MANAGEMENT).status()).isEqualTo(200);
    }

    private static List<String> listed(SseStream.Event e) {
        List<String> out = new ArrayList<>();
        e.json().get("services").forEach(s -> out.add(s.get("name").asText()));
        return out;
    }

    /** The listing's index as a reader may check it: the sum of the revisions of what it shows (none emptied here). */
    private static long revisionSum(HttpAnswer a) {
        long sum = 0;
        for (var s : a.json().get("services")) {
            sum += s.get("revision").asLong();
        }
        return sum;
    }

    private static List<String> names(HttpAnswer a) {
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().get("services").forEach(s -> out.add(s.get("name").asText()));
        return out;
    }

    @Test
    void aRefusalSaysTheSameWhetherOrNotTheServiceExists() {
        HttpAnswer existing = node.send("GET", "/v1/services/payments?ns=prod", null, null, TOKENS.get("none"));
        HttpAnswer missing = node.send("GET", "/v1/services/payments?ns=prod2", null, null, TOKENS.get("none"));
        assertThat(existing.status()).isEqualTo(403);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(existing.body().replace("prod", "")).isEqualTo(missing.body().replace("prod2", ""));
    }

    @Test
    void noAnswerCarriesASecretOrItsHash() {
        HttpAnswer tokens = node.send("GET", "/v1/acl/tokens", null, null, MANAGEMENT);
        assertThat(tokens.body()).doesNotContain(MANAGEMENT).doesNotContain(Secrets.hash(MANAGEMENT))
                .doesNotContain(TOKENS.get("read")).contains("initial-management");
    }

    @Test
    void badPolicyInputIsA400NamingTheField() {
        HttpAnswer a = node.send("PUT", "/v1/acl/policies/p", "{\"rules\":[{\"namespace\":\"prod\","
                + "\"service\":\"x\",\"access\":\"own\"}]}", "application/json", MANAGEMENT);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("field").asText()).isEqualTo("rules[0].access");
        HttpAnswer b = node.send("POST", "/v1/acl/tokens", "{\"policies\":[\"nope\"]}", "application/json", MANAGEMENT);
        assertThat(b.status()).isEqualTo(400);
        assertThat(b.json().get("field").asText()).isEqualTo("policies[0]");
    }
}
