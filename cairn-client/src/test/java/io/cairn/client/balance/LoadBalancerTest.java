package io.cairn.client.balance;

import static io.cairn.client.balance.Instances.equal;
import static io.cairn.client.balance.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cairn.api.InstanceView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each balancer over 100,000 picks: every instance's share within 10% of its ideal share, and
 * the balancer-specific promises (round robin's exact turns, P2C's avoidance of loaded instances,
 * consistent hashing's stability and minimal movement).
 */
class LoadBalancerTest {

    private static final int PICKS = 100_000;

    private static Map<String, Integer> count(LoadBalancer balancer, List<InstanceView> list, boolean keyed) {
        Map<String, Integer> counts = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < PICKS; i++) {
            String key = keyed ? "user-" + random.nextLong() : null;
            counts.merge(balancer.pick(list, key).id(), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertShares(Map<String, Integer> counts, List<InstanceView> list) {
        double total = list.stream().mapToInt(InstanceView::weight).sum();
        for (InstanceView i : list) {
            double ideal = PICKS * i.weight() / total;
            assertThat(counts.getOrDefault(i.id(), 0).doubleValue())
                    .as("picks of %s (ideal %.0f)", i.id(), ideal)
                    .isCloseTo(ideal, within(ideal * 0.10));
        }
    }

    private static List<InstanceView> weighted() {
        return List.of(instance("a", 100), instance("b", 200), instance("c", 300), instance("d", 400));
    }

    @Test
    void roundRobinGivesEachInstanceItsTurnExactly() {
        List<InstanceView> list = equal(7);
        LoadBalancer rr = LoadBalancer.roundRobin();
        List<String> firstRound = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            firstRound.add(rr.pick(list, null).id());
        }
        assertThat(firstRound).containsExactlyInAnyOrder("i0", "i1", "i2", "i3", "i4", "i5", "i6");
        Map<String, Integer> counts = count(rr, list, false);
        // 100,000 = 7 * 14,285 + 5: every instance 14,285 or 14,286 times.
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(14_285, 14_286));
    }

    @Test
    void weightedRandomFollowsTheWeights() {
        assertShares(count(LoadBalancer.weightedRandom(), weighted(), false), weighted());
    }

    @Test
    void weightedRandomNeverPicksWeightZeroUnlessAllAreZero() {
        List<InstanceView> list = List.of(instance("zero", 0), instance("one", 100), instance("zero2", 0));
        Map<String, Integer> counts = count(LoadBalancer.weightedRandom(), list, false);
        assertThat(counts).containsOnlyKeys("one");
        List<InstanceView> zeros = List.of(instance("z1", 0), instance("z2", 0));
        assertThat(count(LoadBalancer.weightedRandom(), zeros, false)).containsOnlyKeys("z1", "z2");
    }

    @Test
    void weightedRandomRebuildsItsTableWhenTheListChanges() {
        LoadBalancer wr = LoadBalancer.weightedRandom();
        List<InstanceView> first = List.of(instance("a", 100));
        assertThat(wr.pick(first, null).id()).isEqualTo("a");
        List<InstanceView> second = List.of(instance("b", 0), instance("c", 100));
        for (int i = 0; i < 1000; i++) {
            assertThat(wr.pick(second, null).id()).isEqualTo("c");
        }
    }

    @Test
    void powerOfTwoChoicesSpreadsEvenlyWhenNothingIsInFlight() {
        List<InstanceView> list = equal(5);
        LoadBalancer p2c = LoadBalancer.powerOfTwoChoices();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < PICKS; i++) {
            InstanceView chosen = p2c.pick(list, null);
            ((CallObserver) p2c).started(chosen);
            ((CallObserver) p2c).finished(chosen);
            counts.merge(chosen.id(), 1, Integer::sum);
        }
        assertShares(counts, list);
    }

    @Test
    void powerOfTwoChoicesAvoidsTheInstanceWithCallsInFlight() {
        List<InstanceView> list = equal(4);
        LoadBalancer p2c = LoadBalancer.powerOfTwoChoices();
        CallObserver observer = (CallObserver) p2c;
        observer.started(list.get(2)); // one slow call in flight on i2
        Map<String, Integer> counts = count(p2c, list, false);
        assertThat(counts).doesNotContainKey("i2");
        observer.finished(list.get(2));
        assertThat(count(p2c, list, false)).containsKey("i2");
    }

    @Test
    void powerOfTwoChoicesBalancesConcurrentLoad() {
        // Simulated steady load: each pick starts a call; the oldest call ends after 20 picks. The
        // picks then go where fewest calls are open, so every instance ends with a fair share.
        List<InstanceView> list = equal(6);
        LoadBalancer p2c = LoadBalancer.powerOfTwoChoices();
        CallObserver observer = (CallObserver) p2c;
        java.util.ArrayDeque<InstanceView> open = new java.util.ArrayDeque<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < PICKS; i++) {
            InstanceView chosen = p2c.pick(list, null);
            observer.started(chosen);
            open.add(chosen);
            if (open.size() > 20) {
                observer.finished(open.poll());
            }
            counts.merge(chosen.id(), 1, Integer::sum);
        }
        assertShares(counts, list);
    }

    @Test
    void consistentHashSpreadsKeysEvenly() {
        assertShares(count(LoadBalancer.consistentHash(), equal(10), true), equal(10));
    }

    @Test
    void consistentHashFollowsWeights() {
        assertShares(count(LoadBalancer.consistentHash(), weighted(), true), weighted());
    }

    @Test
    void consistentHashSendsTheSameKeyToTheSameInstance() {
        LoadBalancer ch = LoadBalancer.consistentHash();
        List<InstanceView> list = equal(10);
        List<InstanceView> sameContentNewList = List.copyOf(new ArrayList<>(list));
        for (int k = 0; k < 1000; k++) {
            String key = "k" + k;
            String first = ch.pick(list, key).id();
            assertThat(ch.pick(list, key).id()).isEqualTo(first);
            assertThat(ch.pick(sameContentNewList, key).id()).isEqualTo(first);
            // another balancer, as in another process, agrees
            assertThat(LoadBalancer.consistentHash().pick(list, key).id()).isEqualTo(first);
        }
    }

    @Test
    void whenOneOfNInstancesLeavesOnlyItsKeysMove() {
        for (int n : new int[] {3, 10, 25}) {
            List<InstanceView> before = equal(n);
            List<InstanceView> after = new ArrayList<>(before);
            InstanceView gone = after.remove(n / 2);
            Map<String, String> placed = place(before, PICKS);
            Map<String, String> moved = diff(placed, place(List.copyOf(after), PICKS));
            assertThat(moved.keySet()).allSatisfy(key -> assertThat(placed.get(key)).isEqualTo(gone.id()));
            assertThat(moved.size()).as("keys moved with n=%d", n)
                    .isCloseTo(PICKS / n, within((int) (PICKS / n * 0.10)));
        }
    }

    @Test
    void whenOneInstanceJoinsOnlyTheKeysItWinsMoveToIt() {
        List<InstanceView> before = equal(9);
        List<InstanceView> after = new ArrayList<>(before);
        after.add(instance("newcomer", 100));
        Map<String, String> moved = diff(place(before, PICKS), place(List.copyOf(after), PICKS));
        assertThat(moved.values()).containsOnly("newcomer");
        assertThat(moved.size()).isCloseTo(PICKS / 10, within(PICKS / 100));
    }

    private static Map<String, String> place(List<InstanceView> list, int keys) {
        LoadBalancer ch = LoadBalancer.consistentHash();
        Map<String, String> placed = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            placed.put("key-" + k, ch.pick(list, "key-" + k).id());
        }
        return placed;
    }

    /** key -> new instance, for the keys whose instance changed. */
    private static Map<String, String> diff(Map<String, String> before, Map<String, String> after) {
        Map<String, String> moved = new HashMap<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                moved.put(k, after.get(k));
            }
        });
        return moved;
    }
}
