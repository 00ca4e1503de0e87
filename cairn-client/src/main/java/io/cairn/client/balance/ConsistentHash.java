package io.cairn.client.balance;

import io.cairn.api.InstanceView;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Weighted rendezvous (highest random weight) hashing on the caller's key: every candidate gets a
 * score from a hash of (key, instance id) and the highest wins. The same key picks the same
 * instance while it is a candidate; when one of N instances leaves, only the keys it had move
 * (about 1/N of them), and when one joins only the keys it now wins move to it. No key ever moves
 * between two instances that both stay.
 *
 * <p>Weights: with unequal weights the score is {@code -weight / ln(u)} for the key's uniform
 * hash {@code u} (Schindelhauer and Schomaker's weighted rendezvous), so an instance's share of
 * keys is its share of the total weight; with equal weights (the common case) the plain hash is
 * compared, which needs no logarithm. Weight 0 instances get keys only if all weights are 0.
 *
 * <p>Cost: linear in the candidates (about 20 hash mixes for 20 instances). The instance ids'
 * hashes are computed once per candidate list and kept while the same list object comes back.
 */
final class ConsistentHash implements LoadBalancer {

    private record Table(List<InstanceView> list, long[] idHashes, double[] weights, boolean equalWeights) {
    }

    private volatile Table table;

    @Override
    public InstanceView pick(List<InstanceView> candidates, String key) {
        Table t = table;
        if (t == null || t.list != candidates) {
            t = build(candidates);
            table = t;
        }
        long k = hash(key == null ? "" : key);
        long[] ids = t.idHashes;
        int best = 0;
        if (t.equalWeights) {
            long bestScore = Long.MIN_VALUE;
            for (int i = 0; i < ids.length; i++) {
                long score = mix(k ^ ids[i]);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
        } else {
            double bestScore = -1;
            double[] weights = t.weights;
            for (int i = 0; i < ids.length; i++) {
                if (weights[i] <= 0) {
                    continue;
                }
                // u in (0, 1): 53 random bits, never 0
                double u = ((mix(k ^ ids[i]) >>> 11) + 0.5) * 0x1.0p-53;
                // -ln(u) >= 1 - u, so w / (1 - u) bounds the score from above: most candidates
                // are ruled out without computing the logarithm.
                if (weights[i] / (1 - u) <= bestScore) {
                    continue;
                }
                double score = -weights[i] / Math.log(u);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
        }
        return candidates.get(best);
    }

    private static Table build(List<InstanceView> candidates) {
        int n = candidates.size();
        long[] ids = new long[n];
        double[] weights = new double[n];
        boolean equal = true;
        for (int i = 0; i < n; i++) {
            InstanceView instance = candidates.get(i);
            ids[i] = mix(hash(instance.id()) + 0x9E3779B97F4A7C15L);
            weights[i] = Math.max(0, instance.weight());
            equal &= weights[i] == weights[0];
        }
        return new Table(candidates, ids, weights, equal);
    }

    /** FNV-1a over the UTF-8 bytes (so the hash is the same on any JVM), finished by {@link #mix}. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * 0x100000001b3L;
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    h = (h ^ (b & 0xff)) * 0x100000001b3L;
                }
            }
        }
        return mix(h);
    }

    /** The SplitMix64 finalizer: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
