package io.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kinds of setting a definition can be: each parses strictly and names itself in errors. */
class SettingTest {

    @Test
    void aFlagIsTrueOrFalseOnly() {
        Setting<Boolean> drain = Setting.flag("drain", false, "Drain.");
        assertThat(drain.parse("true")).isTrue();
        assertThat(drain.parse("false")).isFalse();
        assertThat(drain.defaultOrNull()).isFalse();
        for (String bad : new String[] {"yes", "1", "TRUE", ""}) {
            assertThatThrownBy(() -> drain.parse(bad)).hasMessageStartingWith("drain must be true or false");
        }
    }

    @Test
    void aListSplitsOnCommas() {
        Setting<List<String>> join = Setting.list("join", "ADDRESSES", "Join.");
        assertThat(join.parse("a:7471, b:7471,,")).containsExactly("a:7471", "b:7471");
        assertThat(join.defaultOrNull()).isEmpty();
        assertThat(join.envName()).isEqualTo("CAIRN_JOIN");
    }

    @Test
    void aDurationKeepsToItsRange() {
        Setting<Duration> grace = Setting.duration("member-grace", Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofDays(7), "Grace.");
        assertThat(grace.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> grace.parse("1s")).hasMessage("member-grace must be from 10s to 7d, got 1s");
        assertThatThrownBy(() -> grace.parse("1.5h")).hasMessageStartingWith("member-grace must be a duration");
    }
}
