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

        tally.arm();
        for (String line : new String[] {": keep-alive", "", "event: registered", "id: 1", "data: {}", ""}) {
            w.onNext(line);
        }
        assertThat(tally.ready.get()).isEqualTo(1);
        assertThat(tally.arrived.get()).isEqualTo(1);
        assertThat(tally.last.get()).isPositive();

        tally.arm();
        assertThat(tally.arrived.get()).isZero();
    }
}
