package io.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProgramTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultIsCairnServerOnTheTestClassPathAndAPropertyOverridesIt() {
        NodeProgram cli = NodeProgram.fromTestJvm();
        assertThat(cli.mainClass()).isEqualTo("io.cairn.cli.Main");
        assertThat(cli.leadingArgs()).containsExactly("server");
        assertThat(cli.classPath()).contains("cairn-testkit");

        String before = System.getProperty(NodeProgram.MAIN_PROPERTY);
        System.setProperty(NodeProgram.MAIN_PROPERTY, "io.cairn.bench.BenchServer");
        try {
            NodeProgram bench = NodeProgram.fromTestJvm();
            assertThat(bench.mainClass()).isEqualTo("io.cairn.bench.BenchServer");
            assertThat(bench.leadingArgs()).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(NodeProgram.MAIN_PROPERTY);
            } else {
                System.setProperty(NodeProgram.MAIN_PROPERTY, before);
            }
        }
    }

    @Test
    void aMainClassMissingFromTheClassPathIsAClearErrorBeforeAnyProcessStarts() {
        // The testkit's own tests have no cairn-cli: exactly the mistake the message must explain.
        assertThatThrownBy(() -> ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).hasMessageContaining("io.cairn.cli.Main")
                .hasMessageContaining("not on its class path");
        assertThat(NodeProgram.of(NodeProgramTest.class.getName()).mainClassPresent()).isTrue();
    }

    @Test
    void theCommandRunsTheMainClassWithItsLeadingArgumentsBeforeTheFlags() {
        NodeProgram p = new NodeProgram("/a.jar", "x.Main", List.of("server"), List.of("-Xmx1m"),
                Map.of());
        assertThat(p.command(List.of("ip", "netns", "exec", "ns0"), List.of("--http-port", "0")))
                .endsWith("-Xmx1m", "-cp", "/a.jar", "x.Main", "server", "--http-port", "0")
                .startsWith("ip", "netns", "exec", "ns0");
    }
}
