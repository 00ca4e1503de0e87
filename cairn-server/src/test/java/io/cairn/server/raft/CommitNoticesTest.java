package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.partition.PartitionGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real three-replica group (three {@link RaftNode}s on ephemeral ports) with a 4 s election
 * timeout, so Ratis's own heartbeat to an idle follower comes every 2 s: after a lone write the
 * followers learn the commit only then, unless the leader announces it ({@link CommitNotices}),
 * which gets them there in milliseconds.
 */
class CommitNoticesTest {

    private static final ServiceKey WEB = new ServiceKey("default", "web");
    /** Well under the 2 s heartbeat interval, well over what an announced commit takes. */
    private static final Duration PROMPTLY = Duration.ofMillis(1_000);

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    @TempDir
    Path dirC;

    private InProcessGroup group;

    @BeforeEach
    void start() throws IOException {
        group = InProcessGroup.start(List.of(dirA, dirB, dirC), Map.of("election-timeout", "4s"));
        // The leader's first entry of its term, then every replica level: the test starts quiet.
        await().atMost(Duration.ofSeconds(30)).until(this::level);
    }

    @AfterEach
    void stop() throws IOException {
        group.close();
    }

    @Test
    void idleFollowersLearnACommitOnlyWithTheNextHeartbeatUnlessTheLeaderAnnouncesIt() throws Exception {
        RaftNode leaderNode = group.leaderNode();
        PartitionGroup leader = leaderNode.replica(0);

        // Not announced: both followers have the entry (one acknowledged it for the commit), and
        // neither applies it until Ratis's heartbeat comes, 2 s after the append.
        leader.submit(CommandCodec.encodeBatch(List.of(register("web-quiet")))).get(30, TimeUnit.SECONDS);
        long quiet = leader.lastAppliedIndex();
        await().during(PROMPTLY).atMost(PROMPTLY.plusSeconds(1))
                .until(() -> followers().stream().allMatch(f -> f.lastAppliedIndex() < quiet));
        await().atMost(Duration.ofSeconds(10)).until(this::level);

        // Announced, as the partition's writer does when no entry follows: applied at once.
        for (int i = 0; i < 5; i++) {
            leader.submit(CommandCodec.encodeBatch(List.of(register("web-" + i)))).get(30, TimeUnit.SECONDS);
            long committed = leader.lastAppliedIndex();
            long before = leaderNode.commitNoticesSent();

            leader.announceCommit();

            await().atMost(PROMPTLY).until(() -> followers().stream().allMatch(f -> f.lastAppliedIndex() >= committed));
            assertThat(leaderNode.commitNoticesSent() - before).as("one heartbeat per follower at most").isBetween(1L, 2L);
            for (PartitionGroup f : followers()) {
                assertThat(f.catalog().service(WEB).instances()).hasSize(i + 2);
            }
        }

        // One follower stops: the other still hears of each commit at once, one heartbeat each.
        RaftNode stopped = group.nodes().stream().filter(n -> n != leaderNode).findFirst().orElseThrow();
        stopped.close();
        PartitionGroup live = group.nodes().stream().filter(n -> n != leaderNode && n != stopped)
                .findFirst().orElseThrow().replica(0);
        for (int i = 0; i < 3; i++) {
            leader.submit(CommandCodec.encodeBatch(List.of(register("web-alone-" + i)))).get(30, TimeUnit.SECONDS);
            long committed = leader.lastAppliedIndex();
            long before = leaderNode.commitNoticesSent();

            leader.announceCommit();

            await().atMost(PROMPTLY).until(() -> live.lastAppliedIndex() >= committed);
            assertThat(leaderNode.commitNoticesSent() - before).isEqualTo(1);
        }
    }

    private boolean level() {
        PartitionGroup leader = group.leader();
        return leader != null && followers().stream().allMatch(f -> f.lastAppliedIndex() == leader.lastAppliedIndex());
    }

    private List<PartitionGroup> followers() {
        return group.followers();
    }

    private static Register register(String id) {
        return new Register(new Instance(WEB, id, "10.0.0.1", 8080, List.of(), Map.of(), Instance.DEFAULT_WEIGHT));
    }
}
