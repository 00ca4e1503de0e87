package io.cairn.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.ManualTicker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-address DNS query buckets on a manual clock: burst, refill, isolation, and bounded memory. */
class QueryRateTest {

    private final ManualTicker clock = new ManualTicker();

    @Test
    void anAddressGetsItsBurstThenWaitsForTheRefill() throws Exception {
        QueryRate rate = new QueryRate(2, 4, clock);
        for (int i = 0; i < 4; i++) {
            assertThat(rate.admit(address(2))).isTrue();
        }
        assertThat(rate.admit(address(2))).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(rate.admit(address(2))).isTrue();
        assertThat(rate.admit(address(2))).isFalse();
    }

    @Test
    void oneAddressesFloodLeavesAnotherItsWholeBurst() throws Exception {
        QueryRate rate = new QueryRate(1, 3, clock);
        for (int i = 0; i < 100; i++) {
            rate.admit(address(2));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admit(address(3))).isTrue();
        }
    }

    @Test
    void forgedAddressesPastTheBoundShareOneBucketAndCostNoMemory() throws Exception {
        QueryRate rate = new QueryRate(1, 1, clock);
        for (int i = 0; i < QueryRate.MAX_CLIENTS + 1_000; i++) {
            rate.admit(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        assertThat(rate.clients()).isEqualTo(QueryRate.MAX_CLIENTS);
        assertThat(rate.admit(address(9))).as("a new address shares the spent overflow bucket").isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(rate.admit(address(9))).as("quiet buckets are forgotten, room for a new one").isTrue();
        assertThat(rate.clients()).isEqualTo(1);
    }

    @Test
    void zeroTurnsTheLimitOff() throws Exception {
        QueryRate rate = new QueryRate(0, 1, clock);
        for (int i = 0; i < 1_000; i++) {
            assertThat(rate.admit(address(2))).isTrue();
        }
        assertThat(rate.clients()).isZero();
    }

    private static InetAddress address(int last) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }
}
