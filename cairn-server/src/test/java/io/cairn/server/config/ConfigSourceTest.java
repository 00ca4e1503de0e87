package io.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from flags, environment and a file: precedence, defaults, and errors naming the key. */
class ConfigSourceTest {

    @TempDir
    Path dir;

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception {
        Path file = dir.resolve("cairn.properties");
        Files.writeString(file, "watch-keepalive=40s\nwatch-history=64\nhttp-port=7000\n");
        ServerConfig fromFile = ConfigSource.resolve(Map.of(), Map.of(), file);
        assertThat(fromFile.watch().heartbeat()).isEqualTo(Duration.ofSeconds(40));
        assertThat(fromFile.watch().historyPerService()).isEqualTo(64);
        assertThat(fromFile.httpPort()).isEqualTo(7000);

        ServerConfig fromEnv = ConfigSource.resolve(Map.of(), Map.of("CAIRN_WATCH_KEEPALIVE", "1m"), file);
        assertThat(fromEnv.watch().heartbeat()).isEqualTo(Duration.ofMinutes(1));
        assertThat(fromEnv.watch().historyPerService()).isEqualTo(64);

        ServerConfig fromFlag = ConfigSource.resolve(Map.of("watch-keepalive", "5s"),
                Map.of("CAIRN_WATCH_KEEPALIVE", "1m"), file);
        assertThat(fromFlag.watch().heartbeat()).isEqualTo(Duration.ofSeconds(5));

        ServerConfig defaults = ConfigSource.resolve(Map.of(), Map.of(), null);
        assertThat(defaults.watch().heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.writeSlots()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(ConfigSource.resolve(Map.of(), Map.of("CAIRN_WRITE_SLOTS", "5"), null).writeSlots()).isEqualTo(5);
        assertThat(defaults.httpPort()).isEqualTo(ServerConfig.defaults().httpPort());
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndTheRule() throws Exception {
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("watch-keepalive", "500ms"), Map.of(), null))
                .hasMessageContaining("watch-keepalive").hasMessageContaining("1s to 10m");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("watch-keepalive", "1h"), Map.of(), null))
                .hasMessageContaining("watch-keepalive");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("watch-keepalive", "soon"), Map.of(), null))
                .hasMessageContaining("watch-keepalive");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("watch-history", "0"), Map.of(), null))
                .hasMessageContaining("watch-history");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("write-slots", "0"), Map.of(), null))
                .hasMessageContaining("write-slots must be 1-1024");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("http-port", "x"), Map.of(), null))
                .hasMessageContaining("http-port").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("expiry-protection-share", "half"), Map.of(), null))
                .hasMessageContaining("expiry-protection-share");
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "watch-keepalve=20s\n");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of(), Map.of(), file))
                .hasMessageContaining("unknown setting 'watch-keepalve'");
    }
}
