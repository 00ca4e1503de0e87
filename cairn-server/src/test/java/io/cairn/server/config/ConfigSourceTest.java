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
                .hasMessageContaining("write-slots must be from 1 to 1024");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("http-port", "x"), Map.of(), null))
                .hasMessageContaining("http-port").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("expiry-protection-share", "half"), Map.of(), null))
                .hasMessageContaining("expiry-protection-share");
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "watch-keepalve=20s\n");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of(), Map.of(), file))
                .hasMessageContaining("unknown setting 'watch-keepalve'");
    }

    @Test
    void everySettingIsAKeyAndAnEnvironmentVariableWithTheSameName() {
        for (Setting<?> s : Settings.ALL) {
            String value = s.defaultText().matches("[0-9]+|[0-9]+(ms|s|m|h|d)|[0-9.]+") ? s.defaultText() : null;
            if (value == null) {
                continue; // data-dir, bind, node-id, "2 x cores": covered by the test above and the CLI's
            }
            assertThat(s.envName()).isEqualTo("CAIRN_" + s.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            ServerConfig fromKey = ConfigSource.resolve(Map.of(s.name(), value), Map.of(), null);
            ServerConfig fromEnv = ConfigSource.resolve(Map.of(), Map.of(s.envName(), value), null);
            assertThat(fromKey).as(s.name()).isEqualTo(fromEnv);
        }
        ServerConfig timeouts = ConfigSource.resolve(Map.of("http-idle-timeout", "5s"),
                Map.of("CAIRN_HTTP_REQUEST_TIMEOUT", "2m"), null);
        assertThat(timeouts.httpTimeouts().idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(timeouts.httpTimeouts().request()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConfigSource.resolve(Map.of("max-body-bytes", "2048"), Map.of(), null).maxBodyBytes())
                .isEqualTo(2048);
    }

    @Test
    void numbersAndDurationsFollowOneStrictGrammar() {
        for (String bad : new String[] {" 10s", "10 s", "+10s", "1e3s", "0010s", "1.5s", "Infinitys", "NaNs", "10",
                "-1s", "10S"}) {
            assertThatThrownBy(() -> ConfigSource.resolve(Map.of("watch-keepalive", bad), Map.of(), null))
                    .as(bad).hasMessageContaining("watch-keepalive must be a duration");
        }
        for (String bad : new String[] {"+80", "-1", "8o", " 80", "1e3"}) {
            assertThatThrownBy(() -> ConfigSource.resolve(Map.of("http-port", bad), Map.of(), null))
                    .as(bad).hasMessageContaining("http-port must be a whole number");
        }
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("max-body-bytes", "1023"), Map.of(), null))
                .hasMessageContaining("max-body-bytes must be from 1024");
        assertThatThrownBy(() -> ConfigSource.resolve(Map.of("expiry-protection-share", "NaN"), Map.of(), null))
                .hasMessageContaining("expiry-protection-share must be a number");
    }

    @Test
    void theDnsPortIsAPortOrOff() {
        assertThat(ConfigSource.resolve(Map.of(), Map.of(), null).dns().port()).isEqualTo(8600);
        assertThat(ConfigSource.resolve(Map.of("dns-port", "off"), Map.of(), null).dns().enabled()).isFalse();
        assertThat(ConfigSource.resolve(Map.of(), Map.of("CAIRN_DNS_PORT", "0"), null).dns().port()).isZero();
        for (String bad : new String[] {"-1", "65536", "Off", "none", ""}) {
            assertThatThrownBy(() -> ConfigSource.resolve(Map.of("dns-port", bad), Map.of(), null)).as(bad)
                    .hasMessageContaining("dns-port");
        }
        assertThat(ServerConfig.defaults().dns().enabled()).as("a node built in code serves DNS only when asked")
                .isFalse();
    }

    /** docs/configuration.md lists every setting with its default: a new one cannot go undocumented. */
    @Test
    void theDocsListEverySetting() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting<?> s : Settings.ALL) {
            assertThat(docs).as(s.name()).contains("| `" + s.name() + "` |");
        }
    }
}
