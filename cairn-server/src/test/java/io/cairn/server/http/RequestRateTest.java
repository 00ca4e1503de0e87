package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-client token buckets on a manual clock: burst, refill, isolation, and bounded memory. */
class RequestRateTest {

    private final ManualTicker clock = new ManualTicker();

    @Test
    void aClientGetsItsBurstThenWaitsForTheRefill() {
        RequestRate rate = new RequestRate(2, 4, clock);
        for (int i = 0; i < 4; i++) {
            assertThat(rate.admit("t", "127.0.0.2")).isZero();
        }
        assertThat(rate.admit("t", "127.0.0.2")).isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(rate.admit("t", "127.0.0.2")).isZero();
        assertThat(rate.admit("t", "127.0.0.2")).isEqualTo(1);
    }

    @Test
    void oneClientsFloodLeavesAnotherItsWholeBurst() {
        RequestRate rate = new RequestRate(1, 3, clock);
        for (int i = 0; i < 100; i++) {
            rate.admit("abuser", "127.0.0.2");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admit(null, "127.0.0.2")).as("the address's own bucket").isZero();
            assertThat(rate.admit("other", "127.0.0.2")).as("another token from the same address").isZero();
        }
    }

    @Test
    void madeUpTokensPastTheBoundAreChargedToTheirAddress() {
        RequestRate rate = new RequestRate(1, 1, clock);
        for (int i = 0; i < RequestRate.MAX_CLIENTS + 1_000; i++) {
            rate.admit("made-up-" + i, "127.0.0.2");
        }
        assertThat(rate.clients()).as("the tokens' buckets and the address's").isEqualTo(RequestRate.MAX_CLIENTS + 1);
        assertThat(rate.admit("yet-another", "127.0.0.2")).as("the address's bucket is spent").isPositive();
        clock.advance(Duration.ofSeconds(2));
        assertThat(rate.admit("after-a-quiet-time", "127.0.0.3")).as("quiet buckets are forgotten").isZero();
    }

    @Test
    void aFullTableIsSweptAtMostOnceASecond() {
        RequestRate rate = new RequestRate(1_000, 1, clock);
        for (int i = 0; i < RequestRate.MAX_CLIENTS; i++) {
            rate.admit("made-up-" + i, "127.0.0.2");
        }
        rate.admit("one-more", "127.0.0.2");
        assertThat(rate.clients()).as("swept, but no bucket had refilled: charged to the address")
                .isEqualTo(RequestRate.MAX_CLIENTS + 1);
        clock.advance(Duration.ofMillis(10));
        assertThat(rate.admit("another", "127.0.0.3")).as("charged to its address's new bucket").isZero();
        assertThat(rate.clients()).as("every bucket has refilled, but no second sweep within the second")
                .isEqualTo(RequestRate.MAX_CLIENTS + 2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(rate.admit("a-second-later", "127.0.0.3")).isZero();
        assertThat(rate.clients()).as("the next sweep forgot every quiet bucket").isEqualTo(1);
    }

    @Test
    void zeroTurnsTheLimitOff() {
        RequestRate rate = new RequestRate(0, 1, clock);
        for (int i = 0; i < 1_000; i++) {
            assertThat(rate.admit("t", "a")).isZero();
        }
        assertThat(rate.clients()).isZero();
    }
}
