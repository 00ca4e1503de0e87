package io.cairn.core.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.model.SampleInstances;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceHistoryTest {

    private static Change change(long revision) {
        return new Change(SampleInstances.WEB, revision, revision - 1, ChangeKind.UPDATED, ChangeReason.REQUEST,
                SampleInstances.of("i" + revision));
    }

    private static List<Long> revisions(List<Change> changes) {
        return changes.stream().map(Change::revision).toList();
    }

    @Test
    void answersExactlyTheChangesAfterARevisionItCovers() {
        ServiceHistory h = new ServiceHistory(8, 10);
        h.append(change(12));
        h.append(change(15));
        h.append(change(16));
        assertThat(revisions(h.since(10))).containsExactly(12L, 15L, 16L);
        assertThat(revisions(h.since(12))).containsExactly(15L, 16L);
        assertThat(revisions(h.since(13))).containsExactly(15L, 16L);
        assertThat(h.since(16)).isEmpty();
        assertThat(h.since(99)).isEmpty();
        assertThat(h.latest()).isEqualTo(16);
    }

    @Test
    void saysItCannotAnswerBelowItsFloor() {
        ServiceHistory h = new ServiceHistory(8, 10);
        assertThat(h.since(9)).isNull();
        assertThat(h.since(10)).isEmpty();
    }

    @Test
    void evictionRaisesTheFloorSoNoGapIsEverHidden() {
        ServiceHistory h = new ServiceHistory(3, 0);
        for (long r = 1; r <= 5; r++) {
            h.append(change(r));
        }
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.floor()).isEqualTo(2);
        assertThat(h.since(1)).as("change 2 was evicted").isNull();
        assertThat(revisions(h.since(2))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void growsToItsCapacityKeepingOrder() {
        ServiceHistory h = new ServiceHistory(100, 0);
        for (long r = 1; r <= 250; r++) {
            h.append(change(r));
        }
        assertThat(h.size()).isEqualTo(100);
        assertThat(h.floor()).isEqualTo(150);
        assertThat(revisions(h.since(150))).hasSize(100).startsWith(151L).endsWith(250L).isSorted();
    }

    @Test
    void resetForgetsEverything() {
        ServiceHistory h = new ServiceHistory(3, 0);
        h.append(change(1));
        h.reset(40);
        assertThat(h.size()).isZero();
        assertThat(h.since(1)).isNull();
        assertThat(h.since(40)).isEmpty();
        h.append(change(41));
        assertThat(revisions(h.since(40))).containsExactly(41L);
    }

    @Test
    void refusesRevisionsThatDoNotGrow() {
        ServiceHistory h = new ServiceHistory(3, 5);
        assertThatThrownBy(() -> h.append(change(5))).isInstanceOf(IllegalArgumentException.class);
        h.append(change(6));
        assertThatThrownBy(() -> h.append(change(6))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceHistory(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
