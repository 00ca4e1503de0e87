package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.CatalogDump;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets the documented error (status, code, field) as JSON, never a
 * 500, and leaves the catalog exactly as it was: each case compares a full read of the catalog
 * before and after. Most cases aim at an instance that exists, so a request that slipped
 * through would show as a change.
 */
class BadInputTest {

    private static final String JSON_TYPE = "application/json";
    private static final String TARGET = "/v1/services/web/instances/i1";
    /** A valid body that differs from i1's content: accepting it would change the catalog. */
    private static final String GOOD = "{\"address\":\"10.0.0.99\",\"port\":99}";
    private static final List<String> NAMESPACES = List.of("default", "team-a");

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 4).start();
        server.register("web", "i1", "{\"address\":\"10.0.0.1\",\"port\":80,\"tags\":[\"a\"],\"meta\":{\"k\":\"v\"}}");
        server.register("web", "i2", GOOD);
        server.register("api", "x", GOOD);
        assertThat(server.put("/v1/services/web/instances/i1?ns=team-a", GOOD).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /**
     * One bad request and the answer it must get.
     *
     * @param raw send over a plain socket, byte for byte (for targets the JDK client refuses)
     * @param field the expected {@code field}, or null when the error is not about one field
     */
    record Bad(String name, String method, String target, String body, String contentType, boolean raw,
            int status, String code, String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> cases() {
        List<Bad> c = new ArrayList<>();
        // The body is not a JSON object.
        c.add(body("malformed JSON", "{\"address\": 10.0.0.1, \"port\": 80}", "invalid_json", null));
        c.add(body("truncated JSON", "{\"address\":\"10.0.0.99\",\"port\":99", "invalid_json", null));
        c.add(body("truncated inside a string", "{\"address\":\"10.0", "invalid_json", null));
        c.add(body("trailing content", GOOD + " {}", "invalid_json", null));
        c.add(body("trailing comma", "{\"address\":\"10.0.0.99\",\"port\":99,}", "invalid_json", null));
        c.add(body("single quotes", "{'address':'10.0.0.99','port':99}", "invalid_json", null));
        c.add(body("duplicate key", with("\"port\":98"), "invalid_json", "port"));
        c.add(body("empty array", "[]", "invalid_body", null));
        c.add(body("array holding the object", "[" + GOOD + "]", "invalid_body", null));
        c.add(body("number", "42", "invalid_body", null));
        c.add(body("string", "\"x\"", "invalid_body", null));
        c.add(body("JSON null", "null", "invalid_body", null));
        c.add(body("empty body", "", "invalid_body", null));
        c.add(body("blank body", "  \n ", "invalid_body", null));
        c.add(request("no body", "PUT", TARGET, null, JSON_TYPE, 400, "invalid_body", null));
        // Wrong types: no coercion.
        c.add(field("port as string", "{\"address\":\"10.0.0.99\",\"port\":\"80\"}", "port"));
        c.add(field("port as fraction", "{\"address\":\"10.0.0.99\",\"port\":80.5}", "port"));
        c.add(field("port as 80.0", "{\"address\":\"10.0.0.99\",\"port\":80.0}", "port"));
        c.add(field("port as exponent", "{\"address\":\"10.0.0.99\",\"port\":1e2}", "port"));
        c.add(field("port as boolean", "{\"address\":\"10.0.0.99\",\"port\":true}", "port"));
        c.add(field("port null", "{\"address\":\"10.0.0.99\",\"port\":null}", "port"));
        c.add(field("port beyond int", "{\"address\":\"10.0.0.99\",\"port\":99999999999}", "port"));
        c.add(field("weight beyond long", with("\"weight\":123456789012345678901234567890"),
                "weight"));
        c.add(field("weight as fraction", with("\"weight\":1.5"), "weight"));
        c.add(field("weight as string", with("\"weight\":\"100\""), "weight"));
        c.add(field("tags as string", with("\"tags\":\"a\""), "tags"));
        c.add(field("tags as object", with("\"tags\":{}"), "tags"));
        c.add(field("tag as number", with("\"tags\":[1]"), "tags[0]"));
        c.add(field("tag null", with("\"tags\":[null]"), "tags[0]"));
        c.add(field("tag as array", with("\"tags\":[\"a\",[\"b\"]]"), "tags[1]"));
        c.add(field("meta value number", with("\"meta\":{\"k\":1}"), "meta.k"));
        c.add(field("meta value boolean", with("\"meta\":{\"k\":true}"), "meta.k"));
        c.add(field("meta value null", with("\"meta\":{\"k\":null}"), "meta.k"));
        c.add(field("meta value object", with("\"meta\":{\"k\":{\"x\":\"y\"}}"), "meta.k"));
        c.add(field("meta value array", with("\"meta\":{\"k\":[\"v\"]}"), "meta.k"));
        c.add(field("meta as array", with("\"meta\":[]"), "meta"));
        c.add(field("meta as string", with("\"meta\":\"k=v\""), "meta"));
        c.add(field("address as number", "{\"address\":5,\"port\":99}", "address"));
        c.add(field("address null", "{\"address\":null,\"port\":99}", "address"));
        c.add(field("address missing", "{\"port\":99}", "address"));
        c.add(field("port missing", "{\"address\":\"10.0.0.99\"}", "port"));
        c.add(field("unknown field", with("\"id\":\"i9\""), "id"));
        c.add(field("field names are case-sensitive", "{\"address\":\"10.0.0.99\",\"Port\":99}", "Port"));
        // Values out of range.
        c.add(field("port 0", "{\"address\":\"10.0.0.99\",\"port\":0}", "port"));
        c.add(field("port 65536", "{\"address\":\"10.0.0.99\",\"port\":65536}", "port"));
        c.add(field("port -1", "{\"address\":\"10.0.0.99\",\"port\":-1}", "port"));
        c.add(field("weight -1", with("\"weight\":-1"), "weight"));
        c.add(field("weight 10001", with("\"weight\":10001"), "weight"));
        c.add(field("65 tags", withTags(65, "t"), "tags"));
        c.add(field("duplicate tags", with("\"tags\":[\"a\",\"a\"]"), "tags[1]"));
        c.add(field("empty tag", with("\"tags\":[\"\"]"), "tags[0]"));
        c.add(field("tag of 129 characters", withTags(1, "t".repeat(129)), "tags[0]"));
        c.add(field("tag with a control character", with("\"tags\":[\"a\\u0001\"]"), "tags[0]"));
        // Lone UTF-16 surrogates are no characters: refused, naming the field.
        c.add(field("lone high surrogate in meta", with("\"meta\":{\"k\":\"\\ud800\"}"), "meta.k"));
        c.add(field("lone low surrogate in a tag", with("\"tags\":[\"ok\",\"x\\udc00y\"]"), "tags[1]"));
        c.add(field("reversed pair in a tag", with("\"tags\":[\"\\udc00\\ud800\"]"), "tags[0]"));
        // One strict duration grammar: <digits><unit>.
        for (String d : List.of(" 10s", "10 s", "+10s", "1e3s", "0010s", "1.0000001s", "Infinitys", "NaNs", "10",
                "10S", "-10s", "")) {
            c.add(field("ttl '" + d + "'", with("\"ephemeral\":true,\"ttl\":\"" + d + "\""), "ttl"));
        }
        c.add(field("check interval 1.5s", with("\"checks\":[{\"type\":\"tcp\",\"interval\":\"1.5s\"}]"),
                "checks[0].interval"));
        c.add(request("wait +10s", "GET", "/v1/services/web?index=1&wait=%2B10s", null, null, 400, "invalid_field",
                "wait"));
        c.add(request("wait as bare seconds", "GET", "/v1/services/web?index=1&wait=10", null, null, 400,
                "invalid_field", "wait"));
        c.add(request("index with a sign", "GET", "/v1/services/web?index=%2B1", null, null, 400, "invalid_field",
                "index"));
        // Check types exactly as documented.
        c.add(field("check type HTTP", with("\"checks\":[{\"type\":\"HTTP\",\"path\":\"/h\"}]"),
                "checks[0].type"));
        c.add(field("check path with CR/LF",
                with("\"checks\":[{\"type\":\"http\",\"path\":\"/h\\r\\nX: y\"}]"), "checks[0].path"));
        c.add(field("checks as object", with("\"checks\":{\"type\":\"tcp\"}"), "checks"));
        c.add(field("bad meta key", with("\"meta\":{\"b@d\":\"v\"}"), "meta.b@d"));
        c.add(body("deeply nested", "[".repeat(60_000), "invalid_json", null));
        c.add(field("meta value of 1025 bytes", withMeta(1, "v".repeat(1025)), "meta.k0"));
        c.add(field("meta value of 1026 UTF-8 bytes in 513 characters", withMeta(1, "é".repeat(513)), "meta.k0"));
        c.add(field("meta value with a control character", withMeta(1, "a\\nb"), "meta.k0"));
        c.add(field("meta over 8 KiB in all", withMeta(9, "v".repeat(1000)), "meta"));
        c.add(field("65 meta entries", withMeta(65, "v"), "meta"));
        c.add(field("meta key starting with a dash", with("\"meta\":{\"-k\":\"v\"}"), "meta.-k"));
        c.add(field("meta key with a space", with("\"meta\":{\"a b\":\"v\"}"), "meta.a b"));
        c.add(field("empty meta key", with("\"meta\":{\"\":\"v\"}"), "meta."));
        c.add(field("meta key of 129 characters",
                with("\"meta\":{\"" + "k".repeat(129) + "\":\"v\"}"), "meta." + "k".repeat(80) + "\u2026"));
        for (String address : List.of("", "10.0.0", "256.1.1.1", "10.0.0.01", "[::1]", "fe80::1%eth0",
                "1:2:3:4:5:6:7:8:9", "1::2::3", "-host", "host-", "host_name", "a..b", "h".repeat(64) + ".example",
                // Four labels of 63: each label is legal, the name (255 characters) is too long.
                String.join(".", List.of("a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(63))),
                "a.b.c.123", " 10.0.0.1", "10.0.0.1 ", "ünï.example", "http://host")) {
            c.add(field("address '" + (address.length() > 20 ? address.substring(0, 20) + "...'" : address + "'"),
                    "{\"address\":\"" + address + "\",\"port\":99}", "address"));
        }
        // Names in the path and the query.
        c.add(path("service of 129 characters", "PUT", "/v1/services/" + "s".repeat(129) + "/instances/i1", "service"));
        c.add(path("service with '!'", "PUT", "/v1/services/web%21/instances/i1", "service"));
        c.add(path("service ending with '.'", "PUT", "/v1/services/web./instances/i1", "service"));
        c.add(path("service starting with '-'", "PUT", "/v1/services/-web/instances/i1", "service"));
        c.add(path("service with a space", "PUT", "/v1/services/we%20b/instances/i1", "service"));
        c.add(path("service in Unicode (encoded)", "PUT", "/v1/services/w%C3%A9b/instances/i1", "service"));
        c.add(raw("service in Unicode (raw UTF-8)", "PUT", "/v1/services/wéb/instances/i1",
                400, "invalid_field", "service"));
        c.add(request("empty service", "PUT", "/v1/services//instances/i1", GOOD, JSON_TYPE, 404, "not_found", null));
        c.add(path("id of 129 characters", "PUT", "/v1/services/web/instances/" + "i".repeat(129), "id"));
        c.add(path("id starting with '.'", "PUT", "/v1/services/web/instances/.i1", "id"));
        c.add(path("id starting with ':'", "PUT", "/v1/services/web/instances/%3Ai1", "id"));
        c.add(path("id with an encoded '/'", "PUT", "/v1/services/web/instances/i%2F1", "id"));
        c.add(path("id with a space", "PUT", "/v1/services/web/instances/i%201", "id"));
        c.add(path("id in Unicode", "PUT", "/v1/services/web/instances/%C3%A91", "id"));
        c.add(request("empty id", "PUT", "/v1/services/web/instances/", GOOD, JSON_TYPE,
                405, "method_not_allowed", null));
        c.add(path("namespace of 65 characters", "PUT", TARGET + "?ns=" + "n".repeat(65), "ns"));
        c.add(path("namespace in upper case", "PUT", TARGET + "?ns=Team", "ns"));
        c.add(path("namespace with '.'", "PUT", TARGET + "?ns=team.a", "ns"));
        c.add(path("namespace starting with '-'", "PUT", TARGET + "?ns=-team", "ns"));
        c.add(path("empty namespace", "PUT", TARGET + "?ns=", "ns"));
        c.add(path("namespace given twice", "PUT", TARGET + "?ns=team-a&ns=default", "ns"));
        c.add(path("namespace in Unicode", "PUT", TARGET + "?ns=t%C3%A9am", "ns"));
        c.add(path("bad namespace on POST", "POST", "/v1/services/web/instances?ns=A", "ns"));
        c.add(path("bad service on POST", "POST", "/v1/services/web%21/instances", "service"));
        c.add(path("bad id on DELETE", "DELETE", "/v1/services/web/instances/.i1", "id"));
        c.add(path("bad namespace on DELETE", "DELETE", TARGET + "?ns=A", "ns"));
        c.add(path("bad id on GET", "GET", "/v1/services/web/instances/.i1", "id"));
        c.add(path("bad service on GET", "GET", "/v1/services/web%21", "service"));
        c.add(path("bad namespace on the service list", "GET", "/v1/services?ns=A", "ns"));
        c.add(path("meta filter without ':'", "GET", "/v1/services/web?meta=zone", "meta"));
        c.add(path("meta filter without key", "GET", "/v1/services/web?meta=:eu", "meta"));
        c.add(raw("bad %-escape in the id", "PUT", "/v1/services/web/instances/i%zz", 400, "bad_request", null));
        c.add(raw("bad %-escape in the service", "PUT", "/v1/services/we%zzb/instances/i1", 400, "bad_request", null));
        c.add(raw("bad %-escape in the namespace of a write", "PUT", TARGET + "?ns=%zz", 400, "bad_request", null));
        c.add(raw("bad %-escape in the namespace of the list", "GET", "/v1/services?ns=%zz", 400, "bad_request", null));
        c.add(raw("bad %-escape in a tag filter", "GET", "/v1/services/web?tag=%zz", 400, "bad_request", null));
        c.add(raw("bad %-escape in a DELETE", "DELETE", TARGET + "?ns=%zz", 400, "bad_request", null));
        // Size, media type, method, path.
        String huge = "{\"address\":\"10.0.0.99\",\"port\":99,\"tags\":[\"" + "x".repeat(70_000) + "\"]}";
        c.add(request("body over 64 KiB", "PUT", TARGET, huge, JSON_TYPE, 413, "body_too_large", null));
        c.add(request("body over 64 KiB on POST", "POST", "/v1/services/web/instances", huge, JSON_TYPE,
                413, "body_too_large", null));
        c.add(request("text/plain", "PUT", TARGET, GOOD, "text/plain", 415, "unsupported_media_type", null));
        c.add(request("form encoded", "PUT", TARGET, GOOD, "application/x-www-form-urlencoded",
                415, "unsupported_media_type", null));
        c.add(request("application/jsonx", "PUT", TARGET, GOOD, "application/jsonx",
                415, "unsupported_media_type", null));
        c.add(request("application/xml on POST", "POST", "/v1/services/web/instances", GOOD, "application/xml",
                415, "unsupported_media_type", null));
        c.add(request("PATCH an instance", "PATCH", TARGET, GOOD, JSON_TYPE, 405, "method_not_allowed", null));
        c.add(request("POST to an instance", "POST", TARGET, GOOD, JSON_TYPE, 405, "method_not_allowed", null));
        c.add(request("DELETE a service", "DELETE", "/v1/services/web", null, null, 405, "method_not_allowed", null));
        c.add(request("PUT a service", "PUT", "/v1/services/web", GOOD, JSON_TYPE, 405, "method_not_allowed", null));
        c.add(request("PUT the service list", "PUT", "/v1/services", GOOD, JSON_TYPE, 405, "method_not_allowed", null));
        c.add(request("POST the status", "POST", "/v1/status", GOOD, JSON_TYPE, 405, "method_not_allowed", null));
        c.add(request("unknown path", "GET", "/v1/nope", null, null, 404, "not_found", null));
        c.add(request("unknown version", "GET", "/v2/services", null, null, 404, "not_found", null));
        c.add(request("path below an instance", "GET", TARGET + "/extra", null, null, 404, "not_found", null));
        // "/" redirects to the web console (docs/ui.md); other paths outside the API are not found.
        c.add(request("path outside the API and the console", "GET", "/nope", null, null, 404, "not_found", null));
        c.add(request("DELETE an absent instance", "DELETE", "/v1/services/web/instances/absent", null, null,
                404, "not_found", null));
        c.add(request("DELETE in an absent namespace", "DELETE", TARGET + "?ns=team-z", null, null,
                404, "not_found", null));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithTheDocumentedErrorAndChangesNothing(Bad bad) {
        CatalogDump before = CatalogDump.capture(server, NAMESPACES, List.of());

        HttpAnswer answer = bad.raw()
                ? server.raw(bad.method(), bad.target(), bad.body(), bad.contentType())
                : server.send(bad.method(), bad.target(), bad.body(), bad.contentType());

        assertThat(answer.status()).as("status of %s", answer).isEqualTo(bad.status());
        assertThat(answer.header("Content-Type")).as("Content-Type of %s", answer).startsWith(JSON_TYPE);
        assertThat(answer.header("Location")).isNull();
        JsonNode error = answer.json();
        assertThat(error.isObject()).isTrue();
        assertThat(error.get("error").asText()).as("error code of %s", answer).isEqualTo(bad.code());
        assertThat(error.get("message").asText()).isNotBlank();
        if (bad.field() == null) {
            assertThat(error.get("field").isNull()).as("field of %s", answer).isTrue();
        } else {
            assertThat(error.get("field").asText()).as("field of %s", answer).isEqualTo(bad.field());
        }
        if (bad.code().equals("invalid_field")) {
            // The message names the field, then the rule.
            assertThat(error.get("message").asText()).startsWith(bad.field() + ": ");
        }
        assertThat(CatalogDump.capture(server, NAMESPACES, List.of())).isEqualTo(before);
    }

    private static Bad request(String name, String method, String target, String body, String type,
            int status, String code, String field) {
        return new Bad(name, method, target, body, type, false, status, code, field);
    }

    private static Bad body(String name, String body, String code, String field) {
        return request(name, "PUT", TARGET, body, JSON_TYPE, 400, code, field);
    }

    private static Bad field(String name, String body, String field) {
        return body(name, body, "invalid_field", field);
    }

    /** A bad name in the path or query; writes carry a valid body so only the name is wrong. */
    private static Bad path(String name, String method, String target, String field) {
        boolean write = method.equals("PUT") || method.equals("POST");
        return request(name, method, target, write ? GOOD : null, write ? JSON_TYPE : null,
                400, "invalid_field", field);
    }

    private static Bad raw(String name, String method, String target, int status, String code, String field) {
        boolean write = method.equals("PUT") || method.equals("POST");
        return new Bad(name, method, target, write ? GOOD : null, write ? JSON_TYPE : null, true, status, code, field);
    }

    /** A body with a valid address and port plus {@code fields} (JSON members, without braces). */
    private static String with(String fields) {
        return "{\"address\":\"10.0.0.99\",\"port\":99," + fields + "}";
    }

    private static String withTags(int count, String prefix) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tags.add("\"" + prefix + (count == 1 ? "" : Integer.toString(i)) + "\"");
        }
        return with("\"tags\":[" + String.join(",", tags) + "]");
    }

    /** {@code count} metadata entries k0, k1, ... each with {@code value} (JSON-escaped already). */
    private static String withMeta(int count, String value) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add("\"k" + i + "\":\"" + value + "\"");
        }
        return with("\"meta\":{" + String.join(",", entries) + "}");
    }
}
