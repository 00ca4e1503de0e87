package io.cairn.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of a small sample by the nearest-rank method: no interpolation, always an observed value. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The smallest value such that at least {@code percentile}% of the sample is at or below it.
     *
     * @param percentile in (0, 100]
     * @throws IllegalArgumentException for an empty sample or a percentile outside (0, 100]
     */
    public static long nearestRank(List<Long> sample, double percentile) {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("no sample");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
        List<Long> sorted = new ArrayList<>(sample);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
