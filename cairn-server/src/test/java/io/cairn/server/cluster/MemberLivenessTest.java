package io.cairn.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Failure detection on a manual clock: a member fails only after a whole grace period of silence. */
class MemberLivenessTest {

    private final ManualTicker ticker = new ManualTicker();
    private final MemberLiveness liveness = new MemberLiveness(Duration.ofSeconds(30), ticker);

    @Test
    void aMemberFailsOnlyAfterAWholeGracePeriodOfSilence() {
        liveness.round(Set.of("a", "b"), Set.of("a", "b"));
        ticker.advance(Duration.ofSeconds(10));
        liveness.round(Set.of("a", "b"), Set.of("a"));
        ticker.advance(Duration.ofSeconds(20));
        liveness.round(Set.of("a", "b"), Set.of("a"));
        assertThat(liveness.overdue(List.of("a", "b"))).as("b silent exactly 30 s").isEmpty();
        ticker.advance(Duration.ofMillis(1));
        assertThat(liveness.overdue(List.of("a", "b"))).containsExactly("b");
        assertThat(liveness.silentMillis("b")).isEqualTo(30_001);
    }

    @Test
    void anAnswerWithinTheGracePeriodStartsItAgain() {
        liveness.round(Set.of("a"), Set.of("a"));
        ticker.advance(Duration.ofSeconds(29));
        liveness.round(Set.of("a"), Set.of("a"));
        ticker.advance(Duration.ofSeconds(29));
        assertThat(liveness.overdue(List.of("a"))).isEmpty();
    }

    @Test
    void aMemberNeverHeardFromGetsAGracePeriodFromWhenItWasFirstKnown() {
        ticker.advance(Duration.ofHours(1));
        liveness.round(Set.of("a", "new"), Set.of("a"));
        ticker.advance(Duration.ofSeconds(29));
        assertThat(liveness.overdue(List.of("new"))).isEmpty();
        ticker.advance(Duration.ofSeconds(2));
        assertThat(liveness.overdue(List.of("new"))).containsExactly("new");
    }

    @Test
    void aNewTermOfLeadershipCountsSilenceAfresh() {
        liveness.round(Set.of("a"), Set.of());
        ticker.advance(Duration.ofMinutes(5));
        liveness.reset();
        liveness.round(Set.of("a"), Set.of());
        assertThat(liveness.overdue(List.of("a"))).isEmpty();
        assertThat(liveness.silentMillis("a")).isZero();
    }

    @Test
    void membersThatLeftAreForgotten() {
        liveness.round(Set.of("a", "gone"), Set.of());
        ticker.advance(Duration.ofMinutes(1));
        liveness.round(Set.of("a"), Set.of());
        assertThat(liveness.overdue(List.of("a", "gone"))).containsExactly("a");
    }
}
