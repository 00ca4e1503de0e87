package io.cairn.server.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testkit.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleHeapTest {

    /** The flag as a JVM holds it, with every value it was given. */
    static final class RecordingRatio implements HeapFreeRatio {
        int value;
        final List<Integer> written = new ArrayList<>();

        RecordingRatio(int value) {
            this.value = value;
        }

        @Override
        public int get() {
            return value;
        }

        @Override
        public void set(int percent) {
            value = percent;
            written.add(percent);
        }
    }

    final ManualTicker clock = new ManualTicker();
    final AtomicLong collections = new AtomicLong(1_000);
    final RecordingRatio ratio = new RecordingRatio(20);
    final IdleHeap heap = new IdleHeap(ratio, collections::get, clock, IdleHeap.PERIOD);

    /** Lets one period pass in which the JVM ran {@code n} collections. */
    void period(int n) {
        collections.addAndGet(n);
        clock.advance(IdleHeap.PERIOD);
    }

    @Test
    void aNodeThatAllocatesKeepsItsHeapAndGivesItBackOnceQuiet() {
        assertThat(heap.start()).isTrue();
        period(0);
        assertThat(ratio.value).isEqualTo(20);

        period(7);
        assertThat(heap.busy()).isTrue();
        assertThat(ratio.value).isEqualTo(IdleHeap.BUSY_RATIO);
        period(30);
        period(2);
        assertThat(ratio.written).containsExactly(IdleHeap.BUSY_RATIO); // raised once, however long the load lasts

        period(1);
        assertThat(ratio.value).as("one quiet period is not enough").isEqualTo(IdleHeap.BUSY_RATIO);
        period(0);
        assertThat(heap.busy()).isFalse();
        assertThat(ratio.value).isEqualTo(20);
        assertThat(ratio.written).containsExactly(IdleHeap.BUSY_RATIO, 20);
    }

    @Test
    void theIdleCollectorsOwnPeriodicCycleNeverCountsAsBusy() {
        heap.start();
        for (int i = 0; i < 20; i++) {
            period(1); // G1's periodic cycle: at most one collection per interval
        }
        assertThat(heap.busy()).isFalse();
        assertThat(ratio.written).isEmpty();
    }

    @Test
    void aBusyPeriodBetweenQuietOnesStartsTheQuietCountAgain() {
        heap.start();
        period(5);
        period(0);
        period(3);
        period(0);
        assertThat(ratio.value).as("quiet, busy, quiet: not two quiet periods in a row").isEqualTo(IdleHeap.BUSY_RATIO);
        period(0);
        assertThat(ratio.value).isEqualTo(20);
    }

    @Test
    void aJvmThatKeepsMoreHeapFreeAnywayIsLeftAlone() {
        RecordingRatio never = new RecordingRatio(IdleHeap.BUSY_RATIO);
        IdleHeap untouched = new IdleHeap(never, collections::get, clock, IdleHeap.PERIOD);
        assertThat(untouched.start()).isFalse();
        assertThat(clock.pending()).isZero();
        period(50);
        assertThat(never.written).isEmpty();
    }

    @Test
    void closingABusyNodeLeavesTheJvmWithTheRatioItStartedWith() {
        heap.start();
        period(9);
        assertThat(ratio.value).isEqualTo(IdleHeap.BUSY_RATIO);
        heap.close();
        assertThat(ratio.value).isEqualTo(20);
        period(9);
        period(0);
        period(0);
        assertThat(ratio.written).containsExactly(IdleHeap.BUSY_RATIO, 20);
        assertThat(clock.pending()).isZero();
    }

    @Test
    void thisJvmsFlagCanBeReadAndChangedWhileItRuns() {
        HeapFreeRatio real = HeapFreeRatio.ofThisJvm().orElseThrow(); // the build's JDKs are HotSpot
        int before = real.get();
        try {
            int other = before == 100 ? 99 : 100;
            real.set(other);
            assertThat(real.get()).isEqualTo(other);
            assertThatThrownBy(() -> real.set(101)).isInstanceOf(IllegalArgumentException.class);
            assertThat(real.get()).isEqualTo(other);
        } finally {
            real.set(before);
        }
        assertThat(IdleHeap.collectionsOfThisJvm().getAsLong()).isNotNegative();
    }

    @Test
    void thisJvmsCollectionsAreCounted() {
        long before = IdleHeap.collectionsOfThisJvm().getAsLong();
        System.gc(); // surefire's JVM does not disable explicit collections
        assertThat(IdleHeap.collectionsOfThisJvm().getAsLong()).isGreaterThan(before);
    }
}
