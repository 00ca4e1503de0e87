package io.cairn.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ClusterPartitions;
import io.cairn.api.LocalGroup;
import io.cairn.api.LocalReport;
import io.cairn.core.cluster.ClusterCommand;
import io.cairn.core.cluster.ClusterMap;
import io.cairn.testkit.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A member's late report leaves its leaderships in the routing table for a few seconds, no longer. */
class LastReportsTest {

    private final ManualTicker ticker = new ManualTicker();
    private final LastReports last = new LastReports(ticker);

    private static LocalReport report(String node, String role, long term, int partition) {
        return new LocalReport(node, node + ":1", node + ":2", 2, true,
                List.of(new LocalGroup(partition, role, "LEADER".equals(role) ? node : null, term, 5,
                        List.of("a", "b"), "LEADER".equals(role))));
    }

    @Test
    void aMissingReportStandsInUntilTheCarryRunsOut() {
        LocalReport a = report("a", "LEADER", 1, 0);
        LocalReport b = report("b", "LEADER", 1, 1);
        assertThat(last.withRecent(List.of("a", "b"), Map.of("a", a, "b", b))).containsOnlyKeys("a", "b");

        ticker.advance(Duration.ofSeconds(1));
        assertThat(last.withRecent(List.of("a", "b"), Map.of("a", a))).as("b was late once")
                .containsEntry("b", b).containsEntry("a", a);

        ticker.advance(LastReports.CARRY);
        assertThat(last.withRecent(List.of("a", "b"), Map.of("a", a))).as("b silent for longer than the carry")
                .containsOnlyKeys("a");
    }

    @Test
    void aFreshReportReplacesTheLastAndAMemberGoneIsForgotten() {
        last.withRecent(List.of("a", "b"), Map.of("b", report("b", "LEADER", 1, 1)));
        LocalReport follower = report("b", "FOLLOWER", 2, 1);
        last.withRecent(List.of("a", "b"), Map.of("b", follower));
        assertThat(last.withRecent(List.of("a", "b"), Map.of())).containsEntry("b", follower);
        assertThat(last.withRecent(List.of("a"), Map.of())).as("b is no longer a member").isEmpty();
        last.withRecent(List.of("a", "b"), Map.of("b", follower));
        last.reset();
        assertThat(last.withRecent(List.of("a", "b"), Map.of())).isEmpty();
    }

    @Test
    void inTheTableALeaderElectedSinceWinsOverACarriedOne() {
        ClusterMap map = ClusterMap.empty(2, 2);
        map = map.apply(new ClusterCommand.Join("a", "a:1", "a:2")).map();
        map = map.apply(new ClusterCommand.Join("b", "b:1", "b:2")).map();
        last.withRecent(List.of("a", "b"), Map.of("b", report("b", "LEADER", 1, 1)));
        // b is late; a now leads partition 1 at a higher term
        ClusterPartitions table = RoundTable.of(map, last.withRecent(List.of("a", "b"),
                Map.of("a", report("a", "LEADER", 2, 1)))).answer(map);
        assertThat(table.partitions().get(1).leader()).isEqualTo("a");
        // b is late and nobody else claims partition 1: b's last claim stands
        ClusterPartitions carried = RoundTable.of(map, last.withRecent(List.of("a", "b"),
                Map.of("a", report("a", "FOLLOWER", 2, 0)))).answer(map);
        assertThat(carried.partitions().get(1).leader()).isEqualTo("b");
    }
}
