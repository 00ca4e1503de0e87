package io.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.time.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTickerTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void timeMovesOnlyWhenAdvancedAndTheWallClockMovesWithIt() {
        long start = ticker.nanos();
        var wall = ticker.now();
        assertThat(ticker.nanos()).isEqualTo(start);

        ticker.advance(Duration.ofSeconds(3));

        assertThat(ticker.nanos() - start).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(Duration.between(wall, ticker.now())).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> ticker.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dueTasksRunInDueOrderEachSeeingItsOwnDueTime() {
        long start = ticker.nanos();
        List<String> ran = new ArrayList<>();
        ticker.schedule(Duration.ofSeconds(2), () -> ran.add("b@" + (ticker.nanos() - start) / 1_000_000_000));
        ticker.schedule(Duration.ofSeconds(1), () -> ran.add("a@" + (ticker.nanos() - start) / 1_000_000_000));
        ticker.schedule(Duration.ofSeconds(2), () -> ran.add("c@" + (ticker.nanos() - start) / 1_000_000_000));
        ticker.schedule(Duration.ofSeconds(5), () -> ran.add("late"));

        ticker.advance(Duration.ofMillis(999));
        assertThat(ran).isEmpty();
        ticker.advance(Duration.ofSeconds(2));

        assertThat(ran).containsExactly("a@1", "b@2", "c@2");
        assertThat(ticker.pending()).isEqualTo(1);
        assertThat(ticker.untilNext()).isEqualTo(Duration.ofSeconds(5).minus(Duration.ofMillis(2999)));
    }

    @Test
    void aTaskThatSchedulesAnotherWithinTheAdvanceSeesItRunToo() {
        List<Long> rounds = new ArrayList<>();
        long start = ticker.nanos();
        Runnable[] round = new Runnable[1];
        round[0] = () -> {
            rounds.add((ticker.nanos() - start) / 1_000_000);
            ticker.schedule(Duration.ofMillis(250), round[0]);
        };
        ticker.schedule(Duration.ofMillis(250), round[0]);

        ticker.advance(Duration.ofSeconds(1));

        assertThat(rounds).containsExactly(250L, 500L, 750L, 1000L);
    }

    @Test
    void aCancelledTaskNeverRunsAndCancellingTwiceDoesNothing() {
        List<String> ran = new ArrayList<>();
        Cancellable c = ticker.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
        ticker.schedule(Duration.ZERO, () -> ran.add("now"));
        c.cancel();
        c.cancel();

        ticker.runDue();
        assertThat(ran).containsExactly("now");
        ticker.advance(Duration.ofSeconds(10));
        assertThat(ran).containsExactly("now");
        assertThat(ticker.untilNext()).isNull();
    }

    @Test
    void advanceUntilStepsTheClockUntilTheConditionHoldsAndNoFurther() {
        List<String> ran = new ArrayList<>();
        ticker.schedule(Duration.ofMillis(350), () -> ran.add("due"));

        Duration moved = ticker.advanceUntil(Duration.ofMillis(100), Duration.ofSeconds(1), () -> !ran.isEmpty());

        assertThat(moved).isEqualTo(Duration.ofMillis(400));
        assertThat(ticker.advanceUntil(Duration.ofMillis(100), Duration.ofSeconds(1), () -> true)).isZero();
        assertThatThrownBy(() -> ticker.advanceUntil(Duration.ofMillis(100), Duration.ofMillis(300), () -> false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("300 ms");
    }
}
