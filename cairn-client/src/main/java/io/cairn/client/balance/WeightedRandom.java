package io.cairn.client.balance;

import io.cairn.api.InstanceView;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * At random in proportion to weight. The cumulative weights of a candidate list are computed once
 * and kept while the same list object is passed again, so a pick is one random number and a
 * binary search. If every weight is 0 the candidates are picked uniformly.
 */
final class WeightedRandom implements LoadBalancer {

    /** The list the table was built from, and its cumulative weights. */
    private record Table(List<InstanceView> list, long[] cumulative) {
    }

    private volatile Table table;

    @Override
    public InstanceView pick(List<InstanceView> candidates, String key) {
        Table t = table;
        if (t == null || t.list != candidates) {
            t = build(candidates);
            table = t;
        }
        long[] cumulative = t.cumulative;
        long total = cumulative[cumulative.length - 1];
        if (total == 0) {
            return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        }
        long r = ThreadLocalRandom.current().nextLong(total);
        // The first index whose cumulative weight exceeds r.
        int i = Arrays.binarySearch(cumulative, r + 1);
        return candidates.get(i >= 0 ? firstOf(cumulative, i) : -i - 1);
    }

    /** Zero-weight instances repeat the previous sum: step back to the first index with this sum. */
    private static int firstOf(long[] cumulative, int i) {
        while (i > 0 && cumulative[i - 1] == cumulative[i]) {
            i--;
        }
        return i;
    }

    private static Table build(List<InstanceView> candidates) {
        long[] cumulative = new long[candidates.size()];
        long sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += Math.max(0, candidates.get(i).weight());
            cumulative[i] = sum;
        }
        return new Table(candidates, cumulative);
    }
}
