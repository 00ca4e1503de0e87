package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankIsAlwaysAnObservedValue() {
        List<Long> sample = List.of(5L, 1L, 4L, 2L, 3L, 10L, 9L, 8L, 7L, 6L); // 1..10, unsorted

        assertThat(Percentiles.nearestRank(sample, 50)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(sample, 51)).isEqualTo(6);
        assertThat(Percentiles.nearestRank(sample, 99)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(sample, 100)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(sample, 0.1)).isEqualTo(1);
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        assertThat(Percentiles.nearestRank(List.of(42L), 50)).isEqualTo(42);
        assertThat(Percentiles.nearestRank(List.of(42L), 99)).isEqualTo(42);
    }

    @Test
    void p99OfTwentyIsTheLargest() {
        List<Long> twenty = new java.util.ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            twenty.add(i * 100);
        }
        assertThat(Percentiles.nearestRank(twenty, 99)).isEqualTo(2000);
        assertThat(Percentiles.nearestRank(twenty, 50)).isEqualTo(1000);
    }

    @Test
    void rejectsAnEmptySampleAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> Percentiles.nearestRank(List.of(), 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(List.of(1L), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(List.of(1L), 100.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
