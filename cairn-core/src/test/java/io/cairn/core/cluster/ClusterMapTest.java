package io.cairn.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.command.CorruptCommandException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster metadata: what each command does to members and placement, and its binary form. */
class ClusterMapTest {

    private static ClusterMap apply(ClusterMap map, ClusterCommand... commands) {
        for (ClusterCommand c : commands) {
            ClusterMap.Applied a = map.apply(c);
            assertThat(a.refusal()).as("refusal of %s", c).isNull();
            map = a.map();
        }
        return map;
    }

    private static ClusterCommand.Join join(String id) {
        return new ClusterCommand.Join(id, id + ":7470", id + ":7471");
    }

    @Test
    void theFirstJoinPlacesEveryPartitionOnItAndLaterJoinsTakeTheirShare() {
        ClusterMap one = apply(ClusterMap.empty(8, 3), join("a"));
        assertThat(one.epoch()).isEqualTo(1);
        assertThat(one.placement().partitionsOf("a")).hasSize(8);
        ClusterMap three = apply(one, join("b"), join("c"));
        assertThat(three.epoch()).isEqualTo(3);
        for (int p = 0; p < 8; p++) {
            assertThat(three.placement().replicas(p)).containsExactlyInAnyOrder("a", "b", "c");
        }
        ClusterMap four = apply(three, join("d"));
        assertThat(four.placement().moves(three.placement())).isEqualTo(6); // 24 replicas / 4 nodes
        assertThat(four.placement().partitionsOf("d")).hasSize(6);
    }

    @Test
    void commandsAreIdempotentAndChangeTheEpochOnlyWhenTheyChangeSomething() {
        ClusterMap map = apply(ClusterMap.empty(4, 3), join("a"), join("b"));
        assertThat(map.apply(join("a")).map()).isSameAs(map);
        ClusterMap moved = apply(map, new ClusterCommand.Join("a", "a:8000", "a:7471"));
        assertThat(moved.epoch()).isEqualTo(map.epoch() + 1);
        assertThat(moved.placement()).isEqualTo(map.placement()); // new address, same replicas
        assertThat(moved.member("a").httpAddress()).isEqualTo("a:8000");
        assertThat(map.apply(new ClusterCommand.Remove("nobody")).map()).isSameAs(map);
    }

    @Test
    void aFailedMemberHandsItsReplicasOnAndTakesAShareWhenItReturns() {
        ClusterMap map = apply(ClusterMap.empty(4, 2), join("a"), join("b"), join("c"));
        ClusterMap failed = apply(map, new ClusterCommand.Fail("c"));
        assertThat(failed.member("c").state()).isEqualTo(MemberState.FAILED);
        assertThat(failed.placement().nodes()).containsExactly("a", "b");
        assertThat(failed.alive()).extracting(Member::id).containsExactly("a", "b");
        ClusterMap back = apply(failed, join("c"));
        assertThat(back.member("c").state()).isEqualTo(MemberState.ALIVE);
        assertThat(back.placement().partitionsOf("c")).isNotEmpty();
    }

    @Test
    void leavingMovesTheReplicasAwayAndOnlyAMemberWithoutReplicasIsRemoved() {
        ClusterMap map = apply(ClusterMap.empty(4, 3), join("a"), join("b"));
        assertThat(map.apply(new ClusterCommand.Remove("b")).refusal()).contains("alive");
        ClusterMap leaving = apply(map, new ClusterCommand.Leave("b"));
        assertThat(leaving.member("b").state()).isEqualTo(MemberState.LEAVING);
        assertThat(leaving.placement().nodes()).containsExactly("a");
        ClusterMap gone = apply(leaving, new ClusterCommand.Remove("b"));
        assertThat(gone.members()).containsOnlyKeys("a");
        // The last member can neither leave nor fail.
        assertThat(gone.apply(new ClusterCommand.Leave("a")).refusal()).contains("last member");
        assertThat(gone.apply(new ClusterCommand.Fail("a")).refusal()).contains("last alive member");
        assertThat(gone.apply(new ClusterCommand.Leave("zz")).refusal()).contains("not a member");
    }

    @Test
    void mapsAndCommandsSurviveTheirBinaryFormAndCorruptBytesAreRefused() {
        ClusterMap map = apply(ClusterMap.empty(16, 3), join("a"), join("b"), join("c"), join("d"),
                new ClusterCommand.Fail("d"), new ClusterCommand.Leave("c"));
        ClusterMap copy = ClusterCodec.decodeMap(ClusterCodec.encode(map));
        assertThat(copy).isEqualTo(map);
        for (ClusterCommand c : List.of(join("x"), new ClusterCommand.Fail("x"), new ClusterCommand.Leave("x"),
                new ClusterCommand.Remove("x"))) {
            assertThat(ClusterCodec.decodeCommand(ClusterCodec.encode(c))).isEqualTo(c);
        }
        byte[] bytes = ClusterCodec.encode(join("x"));
        assertThatThrownBy(() -> ClusterCodec.decodeCommand(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(CorruptCommandException.class);
        bytes[1] = 99;
        assertThatThrownBy(() -> ClusterCodec.decodeCommand(bytes)).isInstanceOf(CorruptCommandException.class)
                .hasMessageContaining("tag");
        assertThatThrownBy(() -> ClusterCodec.decodeMap(new byte[] {7})).isInstanceOf(CorruptCommandException.class);
    }
}
