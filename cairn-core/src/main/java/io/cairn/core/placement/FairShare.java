package io.cairn.core.placement;

/**
 * An even split of {@code total} items (replicas, or leaderships) over {@code nodes} nodes, in
 * exact integer arithmetic so that every node computes the same bounds.
 *
 * @param total the items to spread, at least 0
 * @param nodes the nodes sharing them, at least 1
 */
record FairShare(long total, int nodes) {

    /** The balance limit 1.25 as a fraction: the cap is computed without floating point. */
    private static final long LIMIT_NUMERATOR = 5;
    private static final long LIMIT_DENOMINATOR = 4;

    /** The mean rounded down: what every node gets at least in a perfect split. */
    long floor() {
        return total / nodes;
    }

    /** The mean rounded up: what no node gets more than in a perfect split. */
    long ceil() {
        return (total + nodes - 1) / nodes;
    }

    /** How many nodes hold {@link #ceil()} rather than {@link #floor()} in a perfect split. */
    long aboveFloor() {
        return total % nodes;
    }

    /**
     * The most items a node should hold: 1.25 times the mean, but never below {@link #ceil()},
     * which small tables (mean under 4) need in order to place every item at all.
     */
    long cap() {
        return Math.max(ceil(), total * LIMIT_NUMERATOR / (nodes * LIMIT_DENOMINATOR));
    }
}
