package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on every Consul endpoint: a 4xx with a plain-text message in Consul's manner, and
 * nothing changed (the namespace's index and content are the same after as before).
 */
class ConsulBadInputTest {

    @TempDir
    static Path dir;

    private static TestServer server;
    private HttpAnswer before;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 4).start();
        HttpAnswer a = server.put("/v1/agent/service/register", "{\"Name\":\"known\",\"ID\":\"known-1\",\"Address\":"
                + "\"10.2.0.1\",\"Port\":80,\"Checks\":[{\"TTL\":\"1h\"},{\"TCP\":\"127.0.0.1:9\",\"Interval\":\"1h\"}]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void remember() {
        before = server.get("/v1/agent/services");
    }

    @AfterEach
    void nothingChanged() {
        HttpAnswer after = server.get("/v1/agent/services");
        assertThat(after.header("X-Consul-Index")).isEqualTo(before.header("X-Consul-Index"));
        assertThat(after.body()).isEqualTo(before.body());
    }

    private static void assertRefused(HttpAnswer a, int status, String message) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.header("Content-Type")).startsWith("text/plain");
        assertThat(a.body()).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON | {\"Name\": | Request decode failed",
        "not an object | [1] | the body must be a JSON object",
        "no name | {\"ID\":\"x\",\"Address\":\"10.0.0.1\",\"Port\":80} | Missing service name",
        "bad name | {\"Name\":\"-web\",\"Address\":\"10.0.0.1\",\"Port\":80} | Invalid service: Name",
        "bad id | {\"Name\":\"web\",\"ID\":\"a b\",\"Address\":\"10.0.0.1\",\"Port\":80} | Invalid service: ID",
        "port as text | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":\"80\"} | Port must be a number",
        "port out of range | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":70000} | Invalid service: Port",
        "port past an int | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":4294967376} | Port must be a number",
        "port a fraction | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80.5} | Port must be a number",
        "no port | {\"Name\":\"web\",\"Address\":\"10.0.0.1\"} | Invalid service: Port",
        "bad address | {\"Name\":\"web\",\"Address\":\"not an address\",\"Port\":80} | Invalid service: Address",
        "tags not strings | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Tags\":[1]} | Tags must be a list of strings",
        "meta not strings | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Meta\":{\"a\":1}} | Meta.a must be a string",
        "reserved meta | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Meta\":{\"consul-maintenance\":\"x\"}} | reserved",
        "weight zero allowed but negative not | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Weights\":{\"Passing\":-1}} | Weights.Passing",
        "check of no kind | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Check\":{\"Interval\":\"10s\"}} | Invalid check",
        "script check | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Check\":{\"Args\":[\"true\"],\"Interval\":\"10s\"}} | Args checks are not supported",
        "http check without interval | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Check\":{\"HTTP\":\"http://x/\"}} | Interval must be > 0",
        "interval not a duration | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Check\":{\"TCP\":\"x:1\",\"Interval\":\"10 s\"}} | invalid duration",
        "interval too short | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Check\":{\"TCP\":\"x:1\",\"Interval\":\"100ms\"}} | Checks[0].Interval",
        "bad http url | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Check\":{\"HTTP\":\"ftp://x\",\"Interval\":\"10s\"}} | Checks[0].HTTP",
        "bad deregister | {\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80,\"Check\":{\"TTL\":\"10s\",\"DeregisterCriticalServiceAfter\":\"soon\"}} | invalid duration",
        "connect proxy | {\"Name\":\"web\",\"Kind\":\"connect-proxy\",\"Address\":\"10.0.0.1\",\"Port\":80} | not supported",
    })
    void aBadRegistrationIsRefused(String name, String body, String message) {
        assertRefused(server.put("/v1/agent/service/register", body), 400, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "index not a number | GET | /v1/health/service/known?index=abc | 400 | Invalid index",
        "wait not a duration | GET | /v1/health/service/known?index=5&wait=forever | 400 | invalid duration",
        "stale and consistent | GET | /v1/catalog/services?stale&consistent | 400 | conflicting semantics",
        "bad namespace | GET | /v1/catalog/services?ns=Bad! | 400 | Invalid namespace",
        "bad service name | GET | /v1/catalog/service/-x | 400 | Invalid service name",
        "bad state | GET | /v1/health/state/sick | 400 | Invalid check state",
        "unknown selector | GET | /v1/catalog/service/known?filter=Colour%20%3D%3D%20red | 400 | is not valid",
        "unterminated filter | GET | /v1/health/service/known?filter=ServiceName%20%3D%3D%20%22x | 400 | unterminated",
        "other datacenter | GET | /v1/health/service/known?dc=eu | 500 | No path to datacenter",
        "unknown service id | GET | /v1/agent/service/nobody | 404 | unknown service ID",
        "deregister unknown | PUT | /v1/agent/service/deregister/nobody | 404 | Unknown service ID",
        "maintenance without enable | PUT | /v1/agent/service/maintenance/known-1 | 400 | Missing value for enable",
        "maintenance bad enable | PUT | /v1/agent/service/maintenance/known-1?enable=yes | 400 | Invalid value for enable",
        "maintenance unknown | PUT | /v1/agent/service/maintenance/nobody?enable=true | 404 | Unknown service ID",
        "pass unknown check | PUT | /v1/agent/check/pass/service:nobody | 404 | Unknown check ID",
        "pass a check by the wrong number | PUT | /v1/agent/check/pass/service:known-1:7 | 404 | Unknown check ID",
        "pass a tcp check | PUT | /v1/agent/check/pass/service:known-1:2 | 400 | does not have associated TTL",
        "a check id of another kind | PUT | /v1/agent/check/pass/serfHealth | 404 | Unknown check ID",
        "kv | GET | /v1/kv/config | 501 | not supported: the KV store",
        "sessions | PUT | /v1/session/create | 501 | not supported: sessions",
        "acl | PUT | /v1/acl/bootstrap | 501 | not supported: ACLs",
        "prepared queries | GET | /v1/query | 501 | not supported: prepared queries",
    })
    void aBadRequestIsRefused(String name, String method, String path, int status, String message) {
        assertRefused(server.send(method, path, null, null), status, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown status | {\"Status\":\"fine\"} | Invalid check status",
        "no status | {\"Output\":\"x\"} | Invalid check status",
        "not an object | 5 | the body must be a JSON object",
    })
    void aBadCheckUpdateIsRefused(String name, String body, String message) {
        assertRefused(server.put("/v1/agent/check/update/service:known-1:1", body), 400, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no node | {\"Address\":\"10.0.0.1\",\"Service\":{\"Service\":\"ext\",\"Port\":80}} | Must provide node",
        "no address | {\"Node\":\"n\",\"Service\":{\"Service\":\"ext\",\"Port\":80}} | Must provide address",
        "no service | {\"Node\":\"n\",\"Address\":\"10.0.0.1\"} | give Service",
        "bad port | {\"Node\":\"n\",\"Address\":\"10.0.0.1\",\"Service\":{\"Service\":\"ext\",\"Port\":0}} | Invalid service: Port",
    })
    void aBadCatalogRegistrationIsRefused(String name, String body, String message) {
        assertRefused(server.put("/v1/catalog/register", body), 400, message);
    }
}
