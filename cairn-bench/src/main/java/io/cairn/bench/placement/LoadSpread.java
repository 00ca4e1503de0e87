package io.cairn.bench.placement;

import java.util.Map;

/**
 * How evenly some count (replicas, or leaderships) is spread over a cluster's nodes.
 *
 * @param total the sum over all nodes
 * @param nodes the number of nodes, a node with nothing included
 * @param max the most any node has
 * @param min the least any node has
 */
public record LoadSpread(long total, int nodes, int max, int min) {

    /** The spread of {@code perNode}, which must name every node, zero counts included. */
    public static LoadSpread of(Map<String, Integer> perNode) {
        if (perNode.isEmpty()) {
            throw new IllegalArgumentException("perNode must name at least one node");
        }
        long total = 0;
        int max = Integer.MIN_VALUE;
        int min = Integer.MAX_VALUE;
        for (int count : perNode.values()) {
            total += count;
            max = Math.max(max, count);
            min = Math.min(min, count);
        }
        return new LoadSpread(total, perNode.size(), max, min);
    }

    public double mean() {
        return (double) total / nodes;
    }

    /** The most a node can have in the most even split: the mean rounded up. */
    public long ceilOfMean() {
        return (total + nodes - 1) / nodes;
    }

    /** The least a node can have in the most even split: the mean rounded down. */
    public long floorOfMean() {
        return total / nodes;
    }

    public double maxOverMean() {
        return max / mean();
    }

    public double minOverMean() {
        return min / mean();
    }

    /**
     * How far the fullest node is above the most even split, in items. Unlike
     * {@link #maxOverMean()}, this does not blow up when there are fewer items than nodes (16
     * partitions on 100 nodes: a mean of 0.16, so one item is 6.25 times the mean and yet even).
     */
    public long excess() {
        return max - ceilOfMean();
    }

    /** How far the emptiest node is below the most even split, in items; see {@link #excess()}. */
    public long shortfall() {
        return floorOfMean() - min;
    }
}
