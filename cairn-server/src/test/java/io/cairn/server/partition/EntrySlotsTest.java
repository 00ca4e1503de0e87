package io.cairn.server.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EntrySlotsTest {

    private static final long STUCK = TimeUnit.MILLISECONDS.toNanos(100);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ExecutorService timer = Executors.newSingleThreadExecutor();
    /** Tickets in the order their starts ran, by the name of the partition they went to. */
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<EntrySlots.Ticket> tickets = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private void acquire(EntrySlots slots, String partition) {
        slots.acquire(t -> {
            started.add(partition);
            tickets.add(t);
        });
    }

    @Test
    void aLoneWriterNeverWaits() {
        EntrySlots slots = new EntrySlots(1, STUCK, clock::get, timer);
        for (int i = 0; i < 3; i++) {
            acquire(slots, "p" + i);
            assertThat(slots.waiting()).isZero();
            slots.release(tickets.get(i));
        }
        assertThat(started).containsExactly("p0", "p1", "p2");
        assertThat(slots.inFlight()).isZero();
    }

    @Test
    void atMostSlotsEntriesAreInFlightAndWaitersStartInArrivalOrder() {
        EntrySlots slots = new EntrySlots(2, STUCK, clock::get, timer);
        for (String p : List.of("a", "b", "c", "d", "e")) {
            acquire(slots, p);
        }
        assertThat(started).containsExactly("a", "b");
        assertThat(slots.inFlight()).isEqualTo(2);
        assertThat(slots.waiting()).isEqualTo(3);

        slots.release(tickets.get(1)); // b's entry answered first: the first in line gets its slot
        assertThat(started).containsExactly("a", "b", "c");
        slots.release(tickets.get(0));
        assertThat(started).containsExactly("a", "b", "c", "d");
        assertThat(slots.inFlight()).isEqualTo(2);

        List<EntrySlots.Ticket> rest = new ArrayList<>(tickets.subList(2, 4));
        rest.forEach(slots::release);
        assertThat(started).containsExactly("a", "b", "c", "d", "e");
        slots.release(tickets.get(4));
        assertThat(slots.inFlight()).isZero();
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void aStuckEntryGivesUpItsSlotToTheNextInLineAndItsLateReleaseFreesNothing() {
        EntrySlots slots = new EntrySlots(1, STUCK, clock::get, timer);
        acquire(slots, "stuck");
        acquire(slots, "next");
        slots.expelStuck();
        assertThat(started).as("not stuck yet").containsExactly("stuck");

        clock.addAndGet(STUCK);
        slots.expelStuck();
        assertThat(started).containsExactly("stuck", "next");
        assertThat(slots.inFlight()).isEqualTo(1);

        acquire(slots, "later");
        slots.release(tickets.get(0)); // the stuck entry is answered at last: its slot is long gone
        assertThat(started).containsExactly("stuck", "next");
        assertThat(slots.inFlight()).isEqualTo(1);
        slots.release(tickets.get(1));
        assertThat(started).containsExactly("stuck", "next", "later");
    }

    @Test
    void theTimerHandsOnAStuckSlotWithoutAnyRelease() {
        EntrySlots slots = new EntrySlots(1, TimeUnit.MILLISECONDS.toNanos(50), System::nanoTime, timer);
        acquire(slots, "stuck");
        acquire(slots, "next");
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("next"));
        assertThat(slots.waiting()).isZero();
        assertThat(slots.inFlight()).isEqualTo(1);
    }

    @Test
    void refusesFewerThanOneSlot() {
        assertThatThrownBy(() -> new EntrySlots(0, STUCK, clock::get, timer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slots must be at least 1");
    }
}
