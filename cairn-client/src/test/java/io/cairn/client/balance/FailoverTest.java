package io.cairn.client.balance;

import static io.cairn.client.balance.Instances.equal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.InstanceView;
import io.cairn.testkit.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failover's rules on a manual clock, with calls that fail as told (the calls are the caller's
 * code, so no network is needed to test the rules; ClientFailoverTest in cairn-it calls real
 * HTTP endpoints).
 */
class FailoverTest {

    private final ManualTicker clock = new ManualTicker();
    private final List<InstanceView> three = equal(3);
    private final Map<String, Integer> calls = new HashMap<>();

    private Failover failover(List<InstanceView> list, LoadBalancer balancer, FailoverPolicy policy) {
        return new Failover(() -> list, balancer, policy, clock);
    }

    private String callOrFail(InstanceView instance, String downId) throws IOException {
        calls.merge(instance.id(), 1, Integer::sum);
        if (instance.id().equals(downId)) {
            throw new IOException("connection refused by " + instance.id());
        }
        return instance.id();
    }

    @Test
    void everyCallSucceedsWhenOneOfThreeIsDownAndTheDownOneIsSkippedAfterItsFirstFailure() {
        Failover f = failover(three, LoadBalancer.roundRobin(), FailoverPolicy.defaults());
        for (int i = 0; i < 1000; i++) {
            assertThat(f.<String>call(inst -> callOrFail(inst, "i1"))).isIn("i0", "i2");
        }
        assertThat(calls.get("i1")).isEqualTo(1); // marked down for the cool-down (10 s not yet passed)
        assertThat(f.isDown(three.get(1))).isTrue();
        assertThat(calls.get("i0") + calls.get("i2")).isEqualTo(1000);
    }

    @Test
    void aDownInstanceIsTriedAgainAfterItsCoolDown() {
        Failover f = failover(three, LoadBalancer.roundRobin(), FailoverPolicy.defaults().withCoolDown(Duration.ofSeconds(5)));
        for (int i = 0; i < 10; i++) {
            f.call(inst -> callOrFail(inst, "i1"));
        }
        assertThat(calls.get("i1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(f.isDown(three.get(1))).isFalse();
        for (int i = 0; i < 10; i++) {
            f.call(inst -> callOrFail(inst, "none"));
        }
        assertThat(calls.get("i1")).isGreaterThan(1);
    }

    @Test
    void aFailureThatIsNotRetryableEndsTheCallAtOnceAndMarksNothing() {
        Failover f = failover(three, LoadBalancer.roundRobin(), FailoverPolicy.defaults());
        assertThatThrownBy(() -> f.call(inst -> {
            calls.merge(inst.id(), 1, Integer::sum);
            throw new IllegalArgumentException("bad request");
        })).isInstanceOf(FailoverException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(((FailoverException) e).attempts()).isEqualTo(1));
        assertThat(calls.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        assertThat(three).noneMatch(f::isDown);
    }

    @Test
    void attemptsAreBoundedAndEachInstanceIsTriedAtMostOncePerCall() {
        Failover f = failover(equal(5), LoadBalancer.roundRobin(), FailoverPolicy.defaults().withMaxAttempts(3));
        List<String> tried = new ArrayList<>();
        assertThatThrownBy(() -> f.call(inst -> {
            tried.add(inst.id());
            throw new IOException("down");
        })).isInstanceOf(FailoverException.class).hasMessageContaining("attempts spent")
                .hasCauseInstanceOf(IOException.class);
        assertThat(tried).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void whenAllAreMarkedDownTheyAreStillTriedRatherThanFailWithoutTrying() {
        List<InstanceView> two = equal(2);
        Failover f = failover(two, LoadBalancer.roundRobin(), FailoverPolicy.defaults());
        assertThatThrownBy(() -> f.call(inst -> callOrFail(inst, inst.id()))).isInstanceOf(FailoverException.class)
                .hasMessageContaining("no instance left");
        assertThat(two).allMatch(f::isDown);
        // Both cooling down, but one is back: a call still reaches it.
        assertThat(f.<String>call(inst -> callOrFail(inst, "i0"))).isEqualTo("i1");
    }

    @Test
    void noNewAttemptStartsAfterTheDeadline() {
        Failover f = failover(three, LoadBalancer.roundRobin(), FailoverPolicy.defaults()
                .withDeadline(Duration.ofSeconds(1)));
        List<String> tried = new ArrayList<>();
        assertThatThrownBy(() -> f.call(inst -> {
            tried.add(inst.id());
            clock.advance(Duration.ofMillis(1500)); // a slow failure
            throw new IOException("timeout");
        })).isInstanceOf(FailoverException.class).hasMessageContaining("deadline spent");
        assertThat(tried).hasSize(1);
    }

    @Test
    void theRetryBudgetStopsRetryStorms() {
        // 10 retries in reserve, 10% of calls after that: 200 calls to a dead service make at most
        // 10 + 20 retries, not 400.
        Failover f = failover(three, LoadBalancer.roundRobin(), FailoverPolicy.defaults().withRetryBudget(0.1, 10)
                .withCoolDown(Duration.ZERO));
        int attempts = 0;
        for (int i = 0; i < 200; i++) {
            try {
                f.call(inst -> callOrFail(inst, inst.id()));
            } catch (FailoverException e) {
                attempts += e.attempts();
            }
        }
        assertThat(attempts - 200).isBetween(20, 30);
    }

    @Test
    void noInstanceAtAllIsAClearFailure() {
        Failover f = failover(List.of(), LoadBalancer.roundRobin(), FailoverPolicy.defaults());
        assertThatThrownBy(() -> f.call(inst -> "never")).isInstanceOf(FailoverException.class)
                .hasMessage("no instance available").hasNoCause();
    }

    @Test
    void consistentHashingWithFailoverKeepsAKeyOnItsInstanceAndMovesItOnlyWhileThatOneIsDown() {
        Failover f = failover(three, LoadBalancer.consistentHash(), FailoverPolicy.defaults());
        String home = f.call("user-7", inst -> inst.id());
        assertThat(f.<String>call("user-7", inst -> inst.id())).isEqualTo(home);
        String elsewhere = f.call("user-7", inst -> callOrFail(inst, home));
        assertThat(elsewhere).isNotEqualTo(home);
        clock.advance(Duration.ofSeconds(11));
        assertThat(f.<String>call("user-7", inst -> inst.id())).isEqualTo(home);
    }

    @Test
    void powerOfTwoChoicesIsToldOfEveryAttempt() {
        LoadBalancer p2c = LoadBalancer.powerOfTwoChoices();
        Failover f = failover(three, p2c, FailoverPolicy.defaults());
        f.call(inst -> callOrFail(inst, "i0"));
        f.call(inst -> {
            assertThat(((PowerOfTwoChoices) p2c).load(inst)).isEqualTo(1);
            return null;
        });
        for (InstanceView i : three) {
            assertThat(((PowerOfTwoChoices) p2c).load(i)).isZero();
        }
    }

    @Test
    void retryBudgetRejectsBadSettings() {
        assertThatThrownBy(() -> new RetryBudget(1.5, 1)).hasMessageContaining("ratio");
        assertThatThrownBy(() -> new RetryBudget(0.1, -1)).hasMessageContaining("reserve");
        assertThatThrownBy(() -> FailoverPolicy.defaults().withMaxAttempts(0)).hasMessageContaining("maxAttempts");
    }
}
