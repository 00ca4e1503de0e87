package io.cairn.server.partition;

import io.cairn.api.time.Ticker;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A node-wide limit on the Raft entries its partitions have in flight at once: group commit
 * across partitions.
 *
 * <p>Each entry costs the node about the same CPU however many commands it carries (a log write
 * and an fsync, and a wake-up of each of the group's Ratis threads). With one entry in flight per
 * partition and many partitions, every partition proposes as soon as one command waits, and the
 * entries stay small. With at most {@code slots} entries in flight on the node, a partition that
 * has commands waiting queues for a slot (first come, first served), and its commands keep
 * gathering meanwhile, so the node writes fewer, larger entries when it is busy. A lone writer
 * never waits: there is always a free slot.
 *
 * <p>An entry that holds its slot longer than {@code stuckAfterNanos} (a partition that lost its
 * quorum, a disk that stalls) stops counting: its slot goes to the next partition in line, so one
 * stuck group never holds up the others for longer than that.
 *
 * <p>Threading: every method may be called from any thread; the state is guarded by this object,
 * and the start callbacks run outside the lock.
 */
final class EntrySlots {

    /** A slot held by one entry, from {@link #acquire} to {@link #release}. */
    static final class Ticket {
        private final long since;
        private boolean expelled;

        private Ticket(long since) {
            this.since = since;
        }
    }

    private final int slots;
    private final long stuckAfterNanos;
    private final Ticker ticker;
    private final Executor timerExecutor;

    /** Entries holding a slot, oldest first (slots are granted in time order). */
    private final ArrayDeque<Ticket> holders = new ArrayDeque<>();
    private final ArrayDeque<Consumer<Ticket>> waiting = new ArrayDeque<>();
    private boolean timerArmed;

    /**
     * @param slots entries in flight at once on the node, at least 1
     * @param stuckAfterNanos how long an entry may hold its slot while others wait
     * @param ticker the node's time source
     * @param timerExecutor runs the check for stuck entries
     */
    EntrySlots(int slots, long stuckAfterNanos, Ticker ticker, Executor timerExecutor) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.slots = slots;
        this.stuckAfterNanos = stuckAfterNanos;
        this.ticker = ticker;
        this.timerExecutor = timerExecutor;
    }

    /**
     * Runs {@code start} with a ticket now if a slot is free, else when one frees up; the caller
     * must {@link #release} the ticket when its entry is answered.
     */
    void acquire(Consumer<Ticket> start) {
        Ticket granted = null;
        synchronized (this) {
            if (holders.size() < slots) {
                granted = grant();
            } else {
                waiting.add(start);
                armTimer();
            }
        }
        if (granted != null) {
            start.accept(granted);
        }
    }

    /** Gives the slot back; the partition first in line, if any, starts its entry with it. */
    void release(Ticket ticket) {
        Consumer<Ticket> next = null;
        Ticket granted = null;
        synchronized (this) {
            if (ticket.expelled) {
                return; // its slot was handed on when it was found stuck
            }
            holders.remove(ticket);
            if (!waiting.isEmpty()) {
                next = waiting.poll();
                granted = grant();
            }
        }
        if (next != null) {
            next.accept(granted);
        }
    }

    /** Partitions waiting for a slot (for tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Entries holding a slot (for tests). */
    synchronized int inFlight() {
        return holders.size();
    }

    private Ticket grant() {
        Ticket t = new Ticket(ticker.nanos());
        holders.add(t);
        return t;
    }

    /** With partitions waiting, checks again when the oldest holder would count as stuck. */
    private void armTimer() {
        if (timerArmed || holders.isEmpty()) {
            return;
        }
        timerArmed = true;
        long due = Math.max(0, holders.peek().since + stuckAfterNanos - ticker.nanos());
        CompletableFuture.delayedExecutor(due + 1, TimeUnit.NANOSECONDS, timerExecutor).execute(this::expelStuck);
    }

    /** Hands the slots of stuck entries to waiting partitions. */
    void expelStuck() {
        var started = new ArrayDeque<Runnable>();
        synchronized (this) {
            timerArmed = false;
            long now = ticker.nanos();
            while (!waiting.isEmpty() && !holders.isEmpty() && now - holders.peek().since >= stuckAfterNanos) {
                holders.poll().expelled = true;
                Consumer<Ticket> next = waiting.poll();
                Ticket granted = grant();
                started.add(() -> next.accept(granted));
            }
            if (!waiting.isEmpty()) {
                armTimer();
            }
        }
        started.forEach(Runnable::run);
    }
}
