package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.CatalogExport;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.client.CairnClient;
import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn export} from one registry and {@code cairn import} into another with another partition count. */
class CliExportTest {

    @TempDir
    static Path dir;

    private static CairnServer source;
    private static CairnServer target;

    @BeforeAll
    static void start() throws Exception {
        source = new CairnServer(ServerConfig.defaults().withDataDir(dir.resolve("source")).withPorts(0, 0)
                .withPartitions(4)).start(Duration.ofSeconds(60));
        target = new CairnServer(ServerConfig.defaults().withDataDir(dir.resolve("target")).withPorts(0, 0)
                .withPartitions(2)).start(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        source.close();
        target.close();
    }

    private static CliRun cairn(String... args) {
        return CliRun.cairn(args);
    }

    private static String at(CairnServer s) {
        return "--address=127.0.0.1:" + s.httpPort();
    }

    /** An instance as content: what an import must carry over (health is the registry's own finding). */
    private static List<String> content(CairnServer s) {
        try (CairnClient c = new CairnClient("http://127.0.0.1:" + s.httpPort(), Duration.ofSeconds(10))) {
            return c.export().instances().stream().map(i -> String.join("|", i.namespace(), i.service(), i.id(),
                    i.address(), Integer.toString(i.port()), i.tags().toString(), i.meta().toString(),
                    Integer.toString(i.weight()), Boolean.toString(i.ephemeral()), String.valueOf(i.ttl()))).toList();
        }
    }

    @Test
    void anExportImportedIntoAnotherRegistryGivesTheSameInstancesAndAgainChangesNothing() throws Exception {
        try (CairnClient c = new CairnClient("http://127.0.0.1:" + source.httpPort(), Duration.ofSeconds(10))) {
            for (int s = 0; s < 12; s++) {
                for (int i = 0; i < 3; i++) {
                    c.register(s % 2 == 0 ? "default" : "prod", "svc-" + s, "i-" + i, new InstanceRequest(
                            "10.0." + s + "." + i, 8000 + i, List.of("v" + i, "zone-a"), Map.of("team", "t" + s), 10 + i));
                }
            }
            c.register("default", "leased", "owner-1",
                    new InstanceRequest("10.9.9.9", 9000, List.of(), Map.of(), 100).asEphemeral("1h"));
        }
        Path file = dir.resolve("catalog.json");

        CliRun exported = cairn("export", file.toString(), at(source));
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("exported 37 instances of 13 services");
        CliRun imported = cairn("import", file.toString(), at(target));
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("37 changed, 0 already so, 0 failed");

        assertThat(content(target)).hasSize(37).isEqualTo(content(source));
        assertThat(content(target)).contains("default|leased|owner-1|10.9.9.9|9000|[]|{}|100|true|3600s");

        CliRun again = cairn("import", file.toString(), at(target));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 changed, 37 already so, 0 failed");
    }

    @Test
    void aFileThatIsNotAnExportIsRefusedAndNothingChanges() throws Exception {
        List<String> before = content(target);
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "{\"format\":7,\"partitions\":2,\"instances\":[]}");
        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "not json");

        CliRun future = cairn("import", wrong.toString(), at(target));
        CliRun unreadable = cairn("import", garbage.toString(), at(target));
        CliRun missing = cairn("import", dir.resolve("absent.json").toString(), at(target));

        assertThat(future.code()).isEqualTo(Main.USAGE);
        assertThat(future.err()).contains("is not a Cairn export of format 1 (its format is 7)");
        assertThat(unreadable.code()).isEqualTo(Main.USAGE);
        assertThat(unreadable.err()).contains("cannot read").contains("as a Cairn export");
        assertThat(missing.code()).isEqualTo(Main.USAGE);
        assertThat(content(target)).isEqualTo(before);
    }

    @Test
    void aPartitionOutOfRangeIsA400NamingTheField() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String bad : List.of("9", "-1", "x", "0&partition=1")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + source.httpPort() + "/v1/export?partition=" + bad)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.body()).as(bad).contains("\"field\":\"partition\"").contains("0 to 3");
        }
        HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + source.httpPort() + "/v1/export?partition=0")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"format\":1");
    }
}
