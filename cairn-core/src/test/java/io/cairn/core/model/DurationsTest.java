package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar: digits and a unit, nothing else. */
class DurationsTest {

    @Test
    void readsEveryUnit() {
        assertThat(Durations.parse("f", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("f", "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("f", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("f", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("f", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("f", "0s")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {" 10s", "10s ", "10 s", "+10s", "-10s", "1e3s", "0010s", "1.0000001s", "1.5s",
            "Infinitys", "NaNs", "10", "s", "", "10S", "10sec", "1h30m", "9999999999999999s", "10\ns"})
    void refusesEverythingElseAsAFormatError(String text) {
        assertThatThrownBy(() -> Durations.parse("ttl", text)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> {
                    assertThat(e.field()).isEqualTo("ttl");
                    assertThat(e.rule()).startsWith("must be a duration").doesNotContain("\n");
                });
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(10_000)).isEqualTo("10s");
    }
}
