package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three read modes of docs/api.md ("Consistency of reads") on one real node. */
class ConsistentReadTest {

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
    void aConsistentReadSeesAWriteAcknowledgedThroughAnotherPath() throws Exception {
        ServiceKey key = new ServiceKey("default", "orders");
        // Acknowledged by the partition's group directly, not through HTTP.
        CommandResult written = server.server().router().submit(new Register(new Instance(key, "o-1", "10.0.0.9", 9000,
                List.of(), Map.of(), Instance.DEFAULT_WEIGHT))).get(20, TimeUnit.SECONDS);

        HttpAnswer service = server.get("/v1/services/orders?consistent");
        assertThat(service.status()).as("%s", service).isEqualTo(200);
        assertThat(service.index()).isEqualTo(written.revision());
        assertThat(service.json().get("instances").get(0).get("id").asText()).isEqualTo("o-1");

        HttpAnswer instance = server.get("/v1/services/orders/instances/o-1?consistent");
        assertThat(instance.status()).as("%s", instance).isEqualTo(200);
        assertThat(instance.json().get("address").asText()).isEqualTo("10.0.0.9");

        HttpAnswer list = server.get("/v1/services?consistent");
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"orders\"");
    }

    @Test
    void aConsistentReadOfAnAbsentInstanceIsA404WithTheServiceRevision() {
        assertThat(server.register("carts", "c-1", Map.of("address", "10.0.0.1", "port", 80)).status()).isEqualTo(200);
        HttpAnswer absent = server.get("/v1/services/carts/instances/c-2?consistent");
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.index()).isPositive();
    }

    @Test
    void aStaleReadSaysHowLongAgoItsReplicaHeardFromTheLeader() {
        assertThat(server.register("stock", "s-1", Map.of("address", "10.0.0.1", "port", 80)).status()).isEqualTo(200);
        HttpAnswer stale = server.get("/v1/services/stock?stale");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("X-Cairn-Last-Contact")).isEqualTo("0"); // this node leads
        assertThat(stale.json().get("instances")).hasSize(1);
        assertThat(server.get("/v1/services?stale").header("X-Cairn-Last-Contact")).isEqualTo("0");
        // The default read says nothing of contact: it is the leader's own state.
        assertThat(server.get("/v1/services/stock").header("X-Cairn-Last-Contact")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/services/web?consistent&stale", "/v1/services/web/instances/w-1?stale&consistent",
            "/v1/services?consistent=true&stale=true"})
    void consistentAndStaleTogetherIsA400NamingBoth(String target) {
        HttpAnswer answer = server.get(target);
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("invalid_query");
        assertThat(answer.json().get("message").asText()).contains("?consistent").contains("?stale");
    }

    /**
     * The leader's side of a follower's default read (docs/api.md, "Requests in a cluster"): the
     * applied index of each listed partition it leads, which a write moves forward.
     */
    @Test
    void theAppliedIndexOfEachLedPartitionIsAnsweredAndMovesWithAWrite() {
        int partition = server.server().router().partitionOf(new ServiceKey("default", "ledger"));
        long before = applied(partition);
        assertThat(server.register("ledger", "l-1", Map.of("address", "10.0.0.1", "port", 80)).status()).isEqualTo(200);
        assertThat(applied(partition)).isGreaterThan(before);
        HttpAnswer all = server.get("/v1/cluster/applied?partitions=0,1,2,3");
        assertThat(all.body().lines()).hasSize(4).allSatisfy(line -> assertThat(line).matches("[0-3]=[0-9]+"));
    }

    @Test
    void aMalformedPartitionListIsA400NamingTheField() {
        for (String query : List.of("", "?partitions=", "?partitions=x", "?partitions=4", "?partitions=-1",
                "?partitions=1,,2")) {
            HttpAnswer answer = server.get("/v1/cluster/applied" + query);
            assertThat(answer.status()).as("%s: %s", query, answer).isEqualTo(400);
            assertThat(answer.json().get("field").asText()).isEqualTo("partitions");
        }
    }

    private static long applied(int partition) {
        HttpAnswer answer = server.get("/v1/cluster/applied?partitions=" + partition);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        String line = answer.body().trim();
        assertThat(line).startsWith(partition + "=");
        return Long.parseLong(line.substring(line.indexOf('=') + 1));
    }
}
