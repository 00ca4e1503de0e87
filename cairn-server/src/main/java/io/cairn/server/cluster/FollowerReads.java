package io.cairn.server.cluster;

import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Default reads answered by a follower replica with the guarantee of a read at the leader
 * (docs/architecture.md, "Consistency"): instead of forwarding the read, the node asks the
 * partition's leader for the log index it has applied ({@code GET /v1/cluster/applied}); when its
 * own replica has applied that index too, it reads its own replica. Everything the leader had
 * acknowledged when it answered (so everything acknowledged before the read began) is then in
 * the replica, as it would be in a read the leader served at that moment.
 *
 * <p>A replica that has not applied the index yet is not waited for: a follower learns that the
 * entries it holds are committed with the leader's next message, which after the last write of a
 * burst is the next heartbeat (up to half an election timeout away), so the read is forwarded to
 * the leader at once, as it would have been without this class. So are reads whose leader does not
 * answer or no longer leads the partition.
 *
 * <p>The question is asked once for many reads: one question per leader node is in flight at a
 * time, for every partition it leads that reads wait on; reads that arrive meanwhile wait for the
 * next question, sent when the answer comes (never an earlier question, which may predate a write
 * acknowledged before the read began).
 *
 * <p>Threading: any thread. The futures complete on the peer client's event loop (or the
 * caller's, when the question cannot be sent); callers move back to their own event loop.
 */
public final class FollowerReads {

    /** The leader's side of the question (a cluster route, for nodes only). */
    public static final String PATH = "/v1/cluster/applied";
    /** How long a question may go unanswered before its reads are forwarded. */
    static final Duration QUESTION_TIMEOUT = Duration.ofSeconds(1);

    private final PartitionRouter router;
    private final PeerClient peers;
    private final String self;
    private final Map<String, Leader> leaders = new ConcurrentHashMap<>();
    private final LongAdder questions = new LongAdder();
    private final LongAdder served = new LongAdder();

    FollowerReads(PartitionRouter router, PeerClient peers, String self) {
        this.router = router;
        this.peers = peers;
        this.self = self;
    }

    /**
     * Completes with true once this node's replica of {@code partition} may answer a default
     * read begun before the call (it has applied what the leader at {@code leaderAddress} had
     * applied after the call), or with false when it cannot be told so (the read is then
     * forwarded). Never fails.
     */
    CompletableFuture<Boolean> fence(int partition, String leaderAddress) {
        return leaders.computeIfAbsent(leaderAddress, Leader::new).await(partition);
    }

    /** Questions asked of leaders so far, for the metrics. */
    public long questions() {
        return questions.sum();
    }

    /** Default reads a follower replica answered here, having applied its leader's index, for the metrics. */
    public long served() {
        return served.sum();
    }

    private record Waiter(int partition, CompletableFuture<Boolean> done) {
    }

    /** The questions to one leader node: at most one in flight, the reads that came since waiting for the next. */
    private final class Leader {
        private final String address;
        // Guarded by this.
        private List<Waiter> next = new ArrayList<>();
        private boolean asking;

        Leader(String address) {
            this.address = address;
        }

        CompletableFuture<Boolean> await(int partition) {
            Waiter waiter = new Waiter(partition, new CompletableFuture<>());
            List<Waiter> batch = null;
            synchronized (this) {
                next.add(waiter);
                if (!asking) {
                    asking = true;
                    batch = next;
                    next = new ArrayList<>();
                }
            }
            if (batch != null) {
                ask(batch);
            }
            return waiter.done();
        }

        private void ask(List<Waiter> batch) {
            questions.increment();
            BitSet partitions = new BitSet();
            for (Waiter w : batch) {
                partitions.set(w.partition());
            }
            StringBuilder uri = new StringBuilder(PATH).append("?partitions=");
            partitions.stream().forEach(p -> uri.append(p).append(','));
            uri.setLength(uri.length() - 1);
            // As a member's request: not counted against a client's request rate.
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(PeerClient.FORWARDED_HEADER, self);
            CompletableFuture<PeerClient.Answer> answer;
            try {
                answer = peers.send(HttpMethod.GET, address, uri.toString(), headers, Buffer.buffer(), QUESTION_TIMEOUT);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((a, error) -> {
                Map<Integer, Long> applied = error == null && a.status() == 200 ? parse(a.body()) : Map.of();
                for (Waiter w : batch) {
                    settle(w, applied.get(w.partition()));
                }
                List<Waiter> more = null;
                synchronized (this) {
                    if (next.isEmpty()) {
                        asking = false;
                    } else {
                        more = next;
                        next = new ArrayList<>();
                    }
                }
                if (more != null) {
                    ask(more);
                }
            });
        }
    }

    private void settle(Waiter w, Long index) {
        // Not the leader's any more, no answer, or this replica trails it: forward.
        boolean local = index != null && router.appliedIndex(w.partition()) >= index;
        if (local) {
            served.increment();
        }
        w.done().complete(local);
    }

    /** {@code partition=index} lines, as {@link ClusterRoutes} writes them; a malformed line ends the parse. */
    static Map<Integer, Long> parse(Buffer body) {
        Map<Integer, Long> out = new HashMap<>();
        for (String line : body.toString().split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                break;
            }
            try {
                out.put(Integer.parseInt(line.substring(0, eq)), Long.parseLong(line.substring(eq + 1)));
            } catch (NumberFormatException e) {
                break;
            }
        }
        return out;
    }
}
