package io.cairn.server.cluster;

import io.cairn.api.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Failure detection for the controller: when each member last answered, and which have been
 * silent for longer than the grace period. Silence counts from the member's last answer, or, for
 * a member never heard from by this controller, from when the controller first knew of it (so a
 * new metadata leader gives every member a full grace period before failing it).
 *
 * <p>Threading: the controller's round thread only.
 */
final class MemberLiveness {

    private final Duration grace;
    private final Ticker ticker;
    private final Map<String, Long> lastSeen = new HashMap<>();

    MemberLiveness(Duration grace, Ticker ticker) {
        this.grace = grace;
        this.ticker = ticker;
    }

    /** One round's answers: {@code answered} replied, the rest of {@code members} did not. */
    void round(Collection<String> members, Collection<String> answered) {
        long now = ticker.nanos();
        lastSeen.keySet().retainAll(members);
        for (String id : members) {
            if (answered.contains(id)) {
                lastSeen.put(id, now);
            } else {
                lastSeen.putIfAbsent(id, now);
            }
        }
    }

    /** Of {@code candidates}, the ones silent for longer than the grace period. */
    List<String> overdue(Collection<String> candidates) {
        long now = ticker.nanos();
        List<String> out = new ArrayList<>();
        for (String id : candidates) {
            Long seen = lastSeen.get(id);
            if (seen != null && now - seen > grace.toNanos()) {
                out.add(id);
            }
        }
        return out;
    }

    /** How long a member has been silent, in milliseconds (0 when unknown). */
    long silentMillis(String id) {
        Long seen = lastSeen.get(id);
        return seen == null ? 0 : TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - seen);
    }

    /** Forgets everything: this node stopped leading the metadata. */
    void reset() {
        lastSeen.clear();
    }
}
