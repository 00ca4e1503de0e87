package io.cairn.server.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.CairnServer;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.server.config.AclSettings;
import io.cairn.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first token of a cluster, its rotation, and the refusal to serve other machines with ACLs off. */
class AclBootstrapTest {

    @TempDir
    Path dir;

    @Test
    void aNodeThatFormsAClusterAloneMakesTheInitialTokenOnceAndItRotates() throws Exception {
        ServerConfig config = TestServer.config(dir.resolve("data"), 1).withAcl(new AclSettings(true, false, null, null, "dns"));
        String first;
        try (TestServer node = new TestServer(config).start()) {
            first = node.server().madeInitialToken();
            assertThat(first).matches("[0-9a-f]{64}");
            assertThat(node.send("GET", "/v1/acl/token/self", null, null, first).json().get("accessorId").asText())
                    .isEqualTo(AclBootstrap.ACCESSOR);
            assertThat(node.get("/v1/status").status()).isEqualTo(401);
        }
        try (TestServer node = new TestServer(config).start()) {
            assertThat(node.server().madeInitialToken()).as("a restart makes no second token").isNull();
            assertThat(node.send("GET", "/v1/status", null, null, first).status()).isEqualTo(200);
            HttpAnswer rotated = node.send("POST", "/v1/acl/tokens/" + AclBootstrap.ACCESSOR + "/rotate", null, null, first);
            assertThat(rotated.status()).isEqualTo(200);
            String second = rotated.json().get("secret").asText();
            assertThat(node.send("GET", "/v1/status", null, null, first).status()).isEqualTo(401);
            assertThat(node.send("GET", "/v1/status", null, null, second).status()).isEqualTo(200);
        }
    }

    @Test
    void theInitialTokenComesFromItsFileAndABadFileStopsTheStartNamingItNotItsContent() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  my-own-secret-of-32-characters!!  \n");
        ServerConfig config = TestServer.config(dir.resolve("data"), 1).withAcl(new AclSettings(true, false, file, null, "dns"));
        try (TestServer node = new TestServer(config).start()) {
            assertThat(node.server().madeInitialToken()).isNull();
            assertThat(node.send("GET", "/v1/status", null, null, "my-own-secret-of-32-characters!!").status()).isEqualTo(200);
        }
        Path weak = Files.writeString(dir.resolve("weak"), "short");
        ServerConfig bad = TestServer.config(dir.resolve("data2"), 1).withAcl(new AclSettings(true, false, weak, null, "dns"));
        assertThatThrownBy(() -> new CairnServer(bad).start(Duration.ofSeconds(30))).isInstanceOf(IOException.class)
                .hasMessageContaining(weak.toString()).hasMessageNotContaining("short");
    }

    @Test
    void aNodeBoundBeyondLoopbackRefusesToStartWithAclsOffUnlessInsecure() throws Exception {
        ServerConfig open = TestServer.config(dir.resolve("data"), 1).withBind("0.0.0.0");
        assertThatThrownBy(() -> new CairnServer(open).start(Duration.ofSeconds(30))).isInstanceOf(IOException.class)
                .hasMessageContaining("acl is off and bind 0.0.0.0 is not a loopback address").hasMessageContaining("--insecure");
        assertThat(Files.exists(dir.resolve("data"))).as("refused before touching the data directory").isFalse();
        // Loopback addresses other than 127.0.0.1 are loopback too.
        new AclSettings(false, false, null, null, "dns").checkBind("127.0.0.2");
        new AclSettings(false, false, null, null, "dns").checkBind("localhost");
        new AclSettings(false, true, null, null, "dns").checkBind("0.0.0.0");
        new AclSettings(true, false, null, null, "dns").checkBind("0.0.0.0");
        try (TestServer insecure = new TestServer(open.withAcl(new AclSettings(false, true, null, null, "dns"))).start()) {
            assertThat(insecure.get("/v1/status").status()).isEqualTo(200);
        }
    }
}
