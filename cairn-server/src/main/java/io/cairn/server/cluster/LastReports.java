package io.cairn.server.cluster;

import io.cairn.api.LocalReport;
import io.cairn.api.time.Ticker;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The partition table's memory of members' reports: a member whose report did not come in a
 * round (an answer slower than the report timeout on a loaded machine, a collector pause) keeps
 * its last report in the table the cluster routes by, for at most {@link #CARRY}. Without it one
 * late report made that member's partitions leaderless in every node's view for a round, and a
 * node that does not hold a partition answered its DNS names SERVFAIL meanwhile. A leader
 * elected since, once ready, wins by its higher term ({@link RoundTable}); the controller's
 * decisions and the members' reachability use only the round's own reports.
 *
 * <p>Threading: the controller's round thread only.
 */
final class LastReports {

    /** How long a member's last report stands in for a missing one. */
    static final Duration CARRY = Duration.ofSeconds(5);

    private final Ticker ticker;
    private final Map<String, LocalReport> last = new HashMap<>();
    private final Map<String, Long> receivedAt = new HashMap<>();

    LastReports(Ticker ticker) {
        this.ticker = ticker;
    }

    /**
     * This round's reports, plus the last report of every member in {@code members} that did not
     * answer this round and answered within {@link #CARRY}.
     */
    Map<String, LocalReport> withRecent(Collection<String> members, Map<String, LocalReport> fresh) {
        long now = ticker.nanos();
        last.keySet().retainAll(members);
        receivedAt.keySet().retainAll(members);
        for (Map.Entry<String, LocalReport> e : fresh.entrySet()) {
            last.put(e.getKey(), e.getValue());
            receivedAt.put(e.getKey(), now);
        }
        Map<String, LocalReport> out = new HashMap<>(fresh);
        for (String id : members) {
            Long at = receivedAt.get(id);
            if (!fresh.containsKey(id) && at != null && now - at <= CARRY.toNanos()) {
                out.put(id, last.get(id));
            }
        }
        return out;
    }

    /** Forgets everything: this node stopped leading the metadata. */
    void reset() {
        last.clear();
        receivedAt.clear();
    }
}
