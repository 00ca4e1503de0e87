package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.CairnServer;
import io.cairn.server.config.AclSettings;
import io.cairn.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn acl ...} and the CLI's token (--token, a token file) against a node with ACLs on. */
class CliAclTest {

    private static final String MANAGEMENT = "cli-test-management-token-0123456789";

    @TempDir
    static Path dir;
    private static CairnServer server;
    private static String address;
    private static Path managementFile;

    @BeforeAll
    static void start() throws Exception {
        managementFile = Files.writeString(dir.resolve("management"), MANAGEMENT + "\n");
        server = new CairnServer(ServerConfig.defaults().withDataDir(dir.resolve("data")).withPorts(0, 0).withPartitions(2)
                .withAcl(new AclSettings(true, false, managementFile, null, "dns"))).start(Duration.ofSeconds(30));
        address = "--address=127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void anAdminMakesAPolicyAndATokenThatRegistersWhatItMayAndNothingElse() throws Exception {
        String admin = "--token-file=" + managementFile;
        CliRun none = CliRun.cairn("services", address, "--cache-dir=" + dir.resolve("cache"));
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("401").contains("token");

        assertThat(CliRun.cairn("acl", "policy", "put", "shop-writer", "--rule", "default:shop*:write", address, admin)
                .code()).isZero();
        CliRun policies = CliRun.cairn("acl", "policy", "list", address, admin);
        assertThat(policies.out()).contains("shop-writer").contains("default:shop*:write");

        CliRun made = CliRun.cairn("acl", "token", "create", "--policy", "shop-writer", "--description", "shop", address, admin);
        assertThat(made.code()).as(made.err()).isZero();
        String secret = made.out().lines().filter(l -> l.startsWith("secret")).findFirst().orElseThrow().split("\\s+")[1];
        String accessor = made.out().lines().filter(l -> l.startsWith("accessor")).findFirst().orElseThrow().split("\\s+")[1];

        String token = "--token=" + secret;
        assertThat(CliRun.cairn("register", "shop", address, token, "--id", "s1", "--host", "10.0.0.5", "--port", "80")
                .code()).isZero();
        CliRun refused = CliRun.cairn("register", "billing", address, token, "--id", "b1", "--host", "10.0.0.5", "--port", "80");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("403").contains("write on service 'billing'");

        assertThat(CliRun.cairn("acl", "token", "list", address, admin).out()).contains(accessor)
                .doesNotContain(secret);
        assertThat(CliRun.cairn("acl", "token", "delete", accessor, address, admin).code()).isZero();
        assertThat(CliRun.cairn("register", "shop", address, token, "--id", "s2", "--host", "10.0.0.5", "--port", "80")
                .err()).contains("401");
    }
}
