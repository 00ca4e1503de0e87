package io.cairn.core.placement;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import net.openhft.hashing.LongHashFunction;

/**
 * The rendezvous (highest-random-weight) score of a node for a partition, and the ranking it
 * induces: for each partition, every node has a pseudo-random score and the best-scoring nodes
 * are the natural holders of that partition's replicas.
 *
 * <p>The score is 64-bit XXH3 (unseeded) over the UTF-8 bytes of the node id followed by the
 * partition number as 4 big-endian bytes, compared as an unsigned number. This layout is part
 * of the cluster's contract, not an implementation detail: every node computes placements on
 * its own and they must agree, and a different score would reshuffle a live cluster on its next
 * membership change. A test pins known values.
 *
 * <p>Equal scores (possible, if unlikely, for distinct ids) are broken by the node id in
 * ascending order, so the ranking is a total order and never depends on input order.
 */
final class RendezvousScore {

    /** Stateless and thread-safe; the library hands out one shared instance. */
    private static final LongHashFunction XXH3 = LongHashFunction.xx3();

    private RendezvousScore() {
    }

    /** The raw score; compare with {@link Long#compareUnsigned}, larger is better. */
    static long of(String nodeId, int partition) {
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(id, id.length + Integer.BYTES);
        input[id.length] = (byte) (partition >>> 24);
        input[id.length + 1] = (byte) (partition >>> 16);
        input[id.length + 2] = (byte) (partition >>> 8);
        input[id.length + 3] = (byte) partition;
        return XXH3.hashBytes(input);
    }

    /** Orders node ids best first for {@code partition}: descending score, then ascending id. */
    static Comparator<String> ranking(int partition) {
        return (a, b) -> compare(a, of(a, partition), b, of(b, partition));
    }

    /** {@code nodeIds} sorted best first for {@code partition}, hashing each id once. */
    static List<String> rank(Collection<String> nodeIds, int partition) {
        List<Scored> scored = new ArrayList<>(nodeIds.size());
        for (String id : nodeIds) {
            scored.add(new Scored(id, of(id, partition)));
        }
        scored.sort((x, y) -> compare(x.nodeId(), x.score(), y.nodeId(), y.score()));
        List<String> ranked = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            ranked.add(s.nodeId());
        }
        return ranked;
    }

    /**
     * Compares two nodes already scored for the same partition: negative if {@code a} ranks
     * first (higher unsigned score, then smaller id).
     */
    static int compare(String a, long scoreA, String b, long scoreB) {
        int byScore = Long.compareUnsigned(scoreB, scoreA);
        return byScore != 0 ? byScore : a.compareTo(b);
    }

    private record Scored(String nodeId, long score) {
    }
}
