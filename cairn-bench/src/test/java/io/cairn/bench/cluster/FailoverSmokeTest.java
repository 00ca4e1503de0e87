package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The failover benchmark end to end with one kill, on a small cluster (3 real member JVMs, 3
 * partitions): it measures a sample for every partition the victim led, restarts it, and stops.
 * About 40-60 s on two busy cores.
 */
class FailoverSmokeTest {

    @Test
    @Timeout(180)
    void oneKillGivesASampleForEachPartitionTheVictimLedAndEndsConverged() throws Exception {
        Failover failover = new Failover();
        new CommandLine(failover).parseArgs("--kills", "1", "--partitions", "3", "--writers", "1",
                "--write-pause", "50ms", "--max-time", "2m");

        Failover.Result r = failover.measure();

        assertThat(r.kills()).isEqualTo(1);
        assertThat(r.timeouts()).isZero();
        assertThat(r.samplesMillis()).isNotEmpty().allSatisfy(ms -> assertThat(ms).isBetween(0L,
                Duration.ofSeconds(30).toMillis()));
        assertThat(r.writesAcknowledged()).isPositive();
    }
}
