package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The reconnect backoff: doubling, capped, jittered within bounds, never zero. */
class WatchOptionsTest {

    private final WatchOptions defaults = WatchOptions.defaults();

    @Test
    void withoutJitterTheDelayDoublesFrom100MsToTheCap() {
        assertThat(Stream.of(0, 1, 2, 3, 4, 5, 6, 7, 50, Integer.MAX_VALUE)
                .map(n -> defaults.reconnectDelay(n, 0.5).toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L, 5000L);
    }

    @Test
    void jitterSpreadsEachDelayByAtMostHalf() {
        assertThat(defaults.reconnectDelay(0, 0.0).toMillis()).isEqualTo(50);
        assertThat(defaults.reconnectDelay(0, 0.999_999).toMillis()).isEqualTo(150);
        assertThat(defaults.reconnectDelay(40, 0.0).toMillis()).isEqualTo(2500);
        assertThat(defaults.reconnectDelay(40, 0.999_999).toMillis()).isEqualTo(7500);
    }

    @Test
    void aFleetCutOffAtOnceComesBackSpreadOutNotInOneBurst() {
        // 10,000 clients lose the registry at the same instant. Whichever attempt they are at,
        // their next tries spread over a window as wide as the delay: no 10 ms slice gets more
        // than a few percent of them.
        java.util.Random random = new java.util.Random(7);
        for (int failures : new int[] {0, 2, 4, 6}) {
            int[] slices = new int[1000];
            for (int c = 0; c < 10_000; c++) {
                slices[(int) (defaults.reconnectDelay(failures, random.nextDouble()).toMillis() / 10)]++;
            }
            int busiest = java.util.Arrays.stream(slices).max().orElseThrow();
            long delay = defaults.reconnectDelay(failures, 0.5).toMillis();
            assertThat(busiest).as("busiest 10 ms slice after %d failures (delay %d ms)", failures, delay)
                    .isLessThanOrEqualTo((int) (10_000 * 10 * 1.5 / delay) + 30);
        }
    }

    @Test
    void theDelayIsNeverZero() {
        WatchOptions tiny = new WatchOptions(Duration.ofMillis(1), Duration.ofMillis(1), 0.5, Duration.ofSeconds(1));
        assertThat(tiny.reconnectDelay(0, 0.0)).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void nonsenseSettingsAreRejected() {
        assertThatThrownBy(() -> new WatchOptions(Duration.ZERO, Duration.ofSeconds(1), 0.2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> new WatchOptions(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.2,
                Duration.ofSeconds(1))).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new WatchOptions(Duration.ofMillis(1), Duration.ofSeconds(1), 0.7,
                Duration.ofSeconds(1))).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new WatchOptions(Duration.ofMillis(1), Duration.ofSeconds(1), Double.NaN,
                Duration.ofSeconds(1))).hasMessageContaining("jitter");
    }
}
