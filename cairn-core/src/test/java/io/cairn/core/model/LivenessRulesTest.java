package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link InstanceRules#liveness} at every boundary, each failure naming its field. */
class LivenessRulesTest {

    private static Check tcp(long interval, long timeout) {
        return new Check(CheckType.TCP, "10.0.0.1:80", interval, timeout);
    }

    private static void rejected(Liveness l, String field) {
        assertThatThrownBy(() -> InstanceRules.liveness(l)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((InvalidFieldException) e).field())
                        .isEqualTo(field));
    }

    @ParameterizedTest
    @ValueSource(longs = {1_000, 10_000, 3_600_000})
    void ttlWithinItsLimitsIsAccepted(long ttl) {
        assertThatCode(() -> InstanceRules.liveness(Liveness.ephemeral(ttl))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 999, 3_600_001})
    void ttlOutsideItsLimitsIsRefused(long ttl) {
        rejected(Liveness.ephemeral(ttl), "ttl");
    }

    @Test
    void aPersistentInstanceHasNoTtl() {
        rejected(new Liveness(false, 5_000, 0, List.of()), "ttl");
        assertThatCode(() -> InstanceRules.liveness(Liveness.PERSISTENT)).doesNotThrowAnyException();
    }

    @Test
    void deregisterAfterNeedsAChecksAndStaysWithinItsLimits() {
        rejected(new Liveness(false, 0, 60_000, List.of()), "deregisterAfter");
        rejected(new Liveness(false, 0, 999, List.of(tcp(1_000, 100))), "deregisterAfter");
        rejected(new Liveness(false, 0, 7L * 24 * 3_600_000 + 1, List.of(tcp(1_000, 100))), "deregisterAfter");
        assertThatCode(() -> InstanceRules.liveness(new Liveness(false, 0, 1_000, List.of(tcp(1_000, 100)))))
                .doesNotThrowAnyException();
    }

    @Test
    void atMostEightChecks() {
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            checks.add(tcp(1_000, 100));
        }
        assertThatCode(() -> InstanceRules.liveness(new Liveness(false, 0, 0, checks))).doesNotThrowAnyException();
        checks.add(tcp(1_000, 100));
        rejected(new Liveness(false, 0, 0, checks), "checks");
    }

    @Test
    void intervalAndTimeoutBounds() {
        rejected(new Liveness(false, 0, 0, List.of(tcp(999, 100))), "checks[0].interval");
        rejected(new Liveness(false, 0, 0, List.of(tcp(1_000, 100), tcp(3_600_001, 100))), "checks[1].interval");
        rejected(new Liveness(false, 0, 0, List.of(tcp(1_000, 99))), "checks[0].timeout");
        rejected(new Liveness(false, 0, 0, List.of(tcp(1_000, 1_001))), "checks[0].timeout");
        assertThatCode(() -> InstanceRules.liveness(new Liveness(false, 0, 0, List.of(tcp(3_600_000, 3_600_000)))))
                .doesNotThrowAnyException();
    }

    @Test
    void targetsAreBoundedAndPrintable() {
        rejected(new Liveness(false, 0, 0, List.of(new Check(CheckType.HTTP, "", 1_000, 100))), "checks[0].url");
        rejected(new Liveness(false, 0, 0, List.of(new Check(CheckType.HTTP, "http://h/" + "a".repeat(1020), 1_000,
                100))), "checks[0].url");
        rejected(new Liveness(false, 0, 0, List.of(new Check(CheckType.TCP, "h:1\n", 1_000, 100))), "checks[0].target");
    }
}
