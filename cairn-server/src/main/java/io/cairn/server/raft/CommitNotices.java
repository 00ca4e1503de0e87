package io.cairn.server.raft;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LogAppender;

/**
 * Lets a partition's followers learn a commit when the leader's writes pause, instead of with
 * the next heartbeat.
 *
 * <p>Ratis tells a follower the leader's commit index only in an append: the next entry's, or a
 * heartbeat, which comes every half of the minimum election timeout (500 ms by default). While a
 * partition takes writes the next entry carries it within milliseconds; after the last write of a
 * burst, or a lone write, the followers apply it up to 500 ms after the leader acknowledged it,
 * and the watches, follower reads and listings served from their replicas wait that long
 * ({@code ChangePropagation --cluster 3}: 505 ms from a lone write to a watcher on a follower).
 *
 * <p>So the partition's writer, when an entry is answered and no command waits for the next
 * one, calls {@link #committed}. {@value #LINGER_MILLIS} ms later (under a closed-loop load the
 * clients' next commands usually arrive by then, and the next entry's append tells the
 * followers: with 2 or 5 ms, 64 clients' registrations through a 3-node cluster cost 546-776 µs
 * of CPU each against 498-518 without notices, with 10 or 20 ms 476-511), each follower that has acknowledged the entry, has not heard that it is committed
 * and has been sent no later entry gets a heartbeat ({@link LogAppender#triggerHeartbeat},
 * Ratis's own means, used for the same purpose after a read-index reply); a follower whose
 * acknowledgement is still on its way (the leader commits on the first of two) is looked at
 * again every {@value #RETRY_MILLIS} ms, for at most {@value #TRIES} looks (one that has not answered
 * the leader for {@value #UNRESPONSIVE_MILLIS} ms is not waited for); each follower gets one
 * heartbeat per commit. A heartbeat changes nothing in Raft's safety: it is the message Ratis
 * sends anyway, only sooner.
 *
 * <p>The leader's log appenders are reached through {@link NoticingGrpc}, the gRPC transport with
 * its appender factory wrapped to record them here, keyed by group and follower; appenders of an
 * earlier leadership of the group are dropped when the next one's arrive.
 *
 * <p>Threading: {@link #add} on Ratis's threads, {@link #committed} on whichever thread answers
 * a write; the looks on this object's one daemon thread, started with the first. That timer runs
 * on real time rather than the node's injected scheduler, as Ratis does: it paces a Ratis message
 * against Ratis's own heartbeat and acknowledgements, which a manual clock does not move.
 */
final class CommitNotices implements AutoCloseable {

    /** The {@link Parameters} key under which the node hands this object to {@link NoticingGrpc}. */
    static final String PARAMETER = "cairn.commit-notices";
    static final long LINGER_MILLIS = 10;
    static final long RETRY_MILLIS = 5;
    static final int TRIES = 20;
    /** A follower not heard from for this long is not waited for. */
    static final long UNRESPONSIVE_MILLIS = 1_000;

    private final Map<RaftGroupId, Map<RaftPeerId, LogAppender>> appenders = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private ScheduledExecutorService retries;
    private boolean closed;

    /** Puts this object into {@code parameters}, where {@link NoticingGrpc} finds it. */
    void installIn(Parameters parameters) {
        parameters.put(PARAMETER, this, CommitNotices.class);
    }

    /** A log appender the leader of a group created for one follower. */
    void add(RaftGroupId group, LogAppender appender) {
        Map<RaftPeerId, LogAppender> byFollower = appenders.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        for (Iterator<LogAppender> it = byFollower.values().iterator(); it.hasNext(); ) {
            if (it.next().getLeaderState() != appender.getLeaderState()) {
                it.remove(); // an earlier leadership's
            }
        }
        byFollower.put(appender.getFollowerId(), appender);
    }

    /**
     * On the leader, once entry {@code index} of {@code group} is committed and no further entry
     * follows at once: has every follower hear of the commit now.
     */
    void committed(RaftGroupId group, long index) {
        if (appenders.containsKey(group)) {
            schedule(LINGER_MILLIS, () -> nudge(group, index, new HashSet<>(), 1));
        }
    }

    /** Heartbeats sent sooner than Ratis would have (for tests and metrics). */
    long sent() {
        return sent.sum();
    }

    /**
     * @param told the followers already sent a heartbeat for this commit: each gets one (a lost
     *     one is made up for by the regular heartbeat)
     */
    private void nudge(RaftGroupId group, long index, Set<RaftPeerId> told, int attempt) {
        Map<RaftPeerId, LogAppender> byFollower = appenders.get(group);
        if (byFollower == null) {
            return;
        }
        boolean waiting = false;
        for (LogAppender appender : byFollower.values()) {
            if (!appender.isRunning()) {
                continue;
            }
            FollowerInfo follower = appender.getFollower();
            if (follower.getCommitIndex() >= index || told.contains(follower.getId())
                    || follower.getNextIndex() > index + 1) {
                // It knows, or was told, or a later entry went to it: that append carries the
                // commit index (the writer proposes the next entry only once this one is applied).
                continue;
            }
            if (follower.getLastRpcResponseTime().elapsedTimeMs() > UNRESPONSIVE_MILLIS) {
                continue; // down or cut off: its appender retries on its own, nothing to wait for
            }
            if (follower.getMatchIndex() >= index) {
                // It has answered the entry's append: a heartbeat now carries the commit index
                // (with an append still unanswered, Ratis would send a heartbeat without it).
                appender.triggerHeartbeat();
                told.add(follower.getId());
                sent.increment();
            } else {
                waiting = true;
            }
        }
        if (waiting && attempt < TRIES) {
            schedule(RETRY_MILLIS, () -> nudge(group, index, told, attempt + 1));
        }
    }

    private synchronized void schedule(long millis, Runnable retry) {
        if (closed) {
            return;
        }
        if (retries == null) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cairn-commit-notices");
                t.setDaemon(true);
                return t;
            });
        }
        try {
            retries.schedule(retry, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retries != null) {
            retries.shutdownNow();
        }
    }
}
