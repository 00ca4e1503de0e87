package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the client learns about where to send a call about a service, and what it forgets. */
class PartitionLeadersTest {

    private static final ClusterMembers THREE = new ClusterMembers(7, "a", 4, 3, List.of(
            new ClusterMember("a", "10.0.0.1:7470", "10.0.0.1:7471", "alive", true, List.of(0, 1, 2, 3), List.of(0, 3)),
            new ClusterMember("b", "10.0.0.2:7470", "10.0.0.2:7471", "alive", true, List.of(0, 1, 2, 3), List.of(1)),
            new ClusterMember("c", "10.0.0.3:7470", "10.0.0.3:7471", "alive", true, List.of(0, 1, 2, 3), List.of(2))));

    private final PartitionLeaders leaders = new PartitionLeaders();

    @Test
    void aServiceGoesToTheLeaderOfThePartitionItsAnswerNamed() {
        leaders.learn(THREE, "http://");
        assertThat(leaders.leaderOf("default/web")).as("partition not yet named").isNull();

        leaders.noted("default/web", "2");
        leaders.noted("default/api", " 3 ");

        assertThat(leaders.leaderOf("default/web")).isEqualTo(URI.create("http://10.0.0.3:7470"));
        assertThat(leaders.leaderOf("default/api")).isEqualTo(URI.create("http://10.0.0.1:7470"));
        assertThat(leaders.leaderOf("prod/web")).as("another namespace is another service").isNull();
    }

    @Test
    void anAnswerWithoutAUsablePartitionTeachesNothing() {
        leaders.learn(THREE, "http://");
        leaders.noted("default/a", (String) null);
        leaders.noted("default/b", "two");
        leaders.noted("default/c", "-1");
        leaders.noted("default/d", "9");

        assertThat(leaders.leaderOf("default/a")).isNull();
        assertThat(leaders.leaderOf("default/b")).isNull();
        assertThat(leaders.leaderOf("default/c")).isNull();
        assertThat(leaders.leaderOf("default/d")).as("beyond the partition count").isNull();
    }

    @Test
    void onlyAliveReachableMembersLeadAndAnUnreachableLeaderIsForgottenUntilRelearned() {
        ClusterMembers someDown = new ClusterMembers(8, "a", 4, 3, List.of(
                new ClusterMember("a", "10.0.0.1:7470", "r", "alive", true, List.of(), List.of(0)),
                new ClusterMember("b", "10.0.0.2:7470", "r", "failed", false, List.of(), List.of(1)),
                new ClusterMember("c", "10.0.0.3:7470", "r", "alive", false, List.of(), List.of(2)),
                new ClusterMember("d", "10.0.0.4:7470", "r", "leaving", true, List.of(), List.of(3))));
        leaders.learn(someDown, "https://");
        for (int p = 0; p < 4; p++) {
            leaders.noted("default/s" + p, Integer.toString(p));
        }

        assertThat(leaders.leaderOf("default/s0")).isEqualTo(URI.create("https://10.0.0.1:7470"));
        assertThat(leaders.leaderOf("default/s1")).isNull();
        assertThat(leaders.leaderOf("default/s2")).isNull();
        assertThat(leaders.leaderOf("default/s3")).isNull();

        leaders.unreachable(URI.create("https://10.0.0.1:7470"));
        assertThat(leaders.leaderOf("default/s0")).isNull();
        leaders.learn(someDown, "https://");
        assertThat(leaders.leaderOf("default/s0")).isEqualTo(URI.create("https://10.0.0.1:7470"));
    }

    @Test
    void theServicesRememberedAreBounded() {
        leaders.learn(THREE, "http://");
        for (int i = 0; i < PartitionLeaders.SERVICES_MAX + 10; i++) {
            leaders.noted("default/s" + i, "1");
        }

        assertThat(leaders.leaderOf("default/s0")).isNotNull();
        assertThat(leaders.leaderOf("default/s" + (PartitionLeaders.SERVICES_MAX - 1))).isNotNull();
        assertThat(leaders.leaderOf("default/s" + PartitionLeaders.SERVICES_MAX)).isNull();
        leaders.noted("default/s0", "2");
        assertThat(leaders.leaderOf("default/s0")).as("a known service is still updated").isEqualTo(
                URI.create("http://10.0.0.3:7470"));
    }
}
