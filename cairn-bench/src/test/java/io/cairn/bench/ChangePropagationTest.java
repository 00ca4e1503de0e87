package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The watchers' SSE reading: the first event readies a watcher, each later one is an arrival. */
class ChangePropagationTest {

    @Test
    void theFirstEventIsTheStateAndLaterEventsAreArrivals() {
        ChangePropagation.Watcher.Tally tally = new ChangePropagation.Watcher.Tally();
        ChangePropagation.Watcher w = new ChangePropagation.Watcher(tally);

        for (String line : new String[] {"event: state", "id: 0", "data: {\"instances\":[]}", ""}) {
            w.onNext(line);
        }
        assertThat(tally.ready.get()).isEqualTo(1);
        assertThat(tally.arrived.get()).isZero();

        tally.arm(Thread.currentThread(), 1);
        for (String line : new String[] {": keep-alive", "", "event: registered", "id: 1", "data: {}", ""}) {
            w.onNext(line);
        }
        assertThat(tally.ready.get()).isEqualTo(1);
        assertThat(tally.arrived.get()).isEqualTo(1);
        assertThat(tally.last.get()).isPositive();

        assertThat(tally.awaitAll(1, java.time.Duration.ofMillis(1))).isTrue();

        tally.arm(Thread.currentThread(), 1);
        assertThat(tally.arrived.get()).isZero();
        assertThat(tally.awaitAll(1, java.time.Duration.ofMillis(20))).as("nothing arrived: times out").isFalse();
    }

    @Test
    void theLastArrivalWakesTheWaitingThread() throws Exception {
        ChangePropagation.Watcher.Tally tally = new ChangePropagation.Watcher.Tally();
        tally.arm(Thread.currentThread(), 2);
        Thread arrivals = new Thread(() -> {
            tally.arrive(System.nanoTime());
            tally.arrive(System.nanoTime());
        });
        long start = System.nanoTime();
        arrivals.start();
        assertThat(tally.awaitAll(2, java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(System.nanoTime() - start).as("woken, not timed out").isLessThan(java.time.Duration.ofSeconds(10).toNanos());
        arrivals.join();
    }
}
