package io.cairn.bench.placement;

import java.util.List;
import java.util.function.Function;

/**
 * The worst of one {@link LoadSpread} (replicas, or leaderships) over the steps of a walk.
 *
 * <p>Ratios to the mean say how much hotter the fullest node runs than the average, but with
 * fewer items than nodes they only measure rounding (16 partitions on 100 nodes: one replica is
 * 6.25 times the mean, and yet the split is as even as it can be). {@code excess} and
 * {@code shortfall}, in items against the mean rounded up or down, say whether the split is as
 * even as it could be: zero is perfect.
 *
 * @param maxOverMean the highest max/mean after any step
 * @param maxAt the node count where {@code maxOverMean} was first seen
 * @param minOverMean the lowest min/mean after any step
 * @param minAt the node count where {@code minOverMean} was first seen
 * @param excess the most any node held above the mean rounded up
 * @param shortfall the most any node held below the mean rounded down
 */
public record SpreadExtremes(double maxOverMean, int maxAt, double minOverMean, int minAt, long excess,
        long shortfall) {

    /** The extremes of {@code spread} over {@code steps}, which must not be empty. */
    public static SpreadExtremes of(List<PlacementStep> steps, Function<PlacementStep, LoadSpread> spread) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps must not be empty");
        }
        double max = Double.NEGATIVE_INFINITY;
        int maxAt = 0;
        double min = Double.POSITIVE_INFINITY;
        int minAt = 0;
        long excess = Long.MIN_VALUE;
        long shortfall = Long.MIN_VALUE;
        for (PlacementStep s : steps) {
            LoadSpread l = spread.apply(s);
            if (l.maxOverMean() > max) {
                max = l.maxOverMean();
                maxAt = s.nodes();
            }
            if (l.minOverMean() < min) {
                min = l.minOverMean();
                minAt = s.nodes();
            }
            excess = Math.max(excess, l.excess());
            shortfall = Math.max(shortfall, l.shortfall());
        }
        return new SpreadExtremes(max, maxAt, min, minAt, excess, shortfall);
    }
}
