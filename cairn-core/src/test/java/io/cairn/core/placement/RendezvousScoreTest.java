package io.cairn.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

class RendezvousScoreTest {

    @Test
    void theHashIsXxh3SixtyFourWithoutSeed() {
        // The published XXH3_64bits test vector for empty input: proves which function runs.
        assertThat(LongHashFunction.xx3().hashBytes(new byte[0])).isEqualTo(0x2D06800538D394C2L);
    }

    @Test
    void scoresArePinnedBecauseEveryNodeMustComputeTheSamePlacement() {
        assertThat(RendezvousScore.of("node-a", 0)).isEqualTo(0x71A4AFB0796E0179L);
        assertThat(RendezvousScore.of("node-a", 1)).isEqualTo(0x154B55242C6CD77BL);
        assertThat(RendezvousScore.of("nœud-7", 255)).isEqualTo(0xF75100D649E1E02BL);
        assertThat(RendezvousScore.of("10.0.0.1:7400", 70000)).isEqualTo(0xA0E36911C3F49561L);
    }

    @Test
    void theInputIsTheUtf8IdThenTheBigEndianPartition() {
        for (String id : List.of("n", "node-a", "nœud-7", "節点")) {
            for (int partition : new int[] {0, 1, 255, 256, 70000, Integer.MAX_VALUE}) {
                byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
                byte[] input = ByteBuffer.allocate(bytes.length + 4).put(bytes).putInt(partition).array();
                assertThat(RendezvousScore.of(id, partition))
                        .as("id=%s partition=%d", id, partition)
                        .isEqualTo(LongHashFunction.xx3().hashBytes(input));
            }
        }
    }

    @Test
    void rankingIsByUnsignedScoreDescending() {
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        List<String> ranked = RendezvousScore.rank(ids, 3);
        assertThat(ranked).containsExactlyInAnyOrderElementsOf(ids);
        for (int i = 1; i < ranked.size(); i++) {
            long before = RendezvousScore.of(ranked.get(i - 1), 3);
            long after = RendezvousScore.of(ranked.get(i), 3);
            assertThat(Long.compareUnsigned(before, after)).as("%s before %s", ranked.get(i - 1), ranked.get(i))
                    .isPositive();
        }
        assertThat(ids.stream().sorted(RendezvousScore.ranking(3)).toList()).isEqualTo(ranked);
    }

    @Test
    void equalScoresAreBrokenByTheSmallerId() {
        assertThat(RendezvousScore.compare("a", 7L, "b", 7L)).isNegative();
        assertThat(RendezvousScore.compare("b", 7L, "a", 7L)).isPositive();
        // -1L is the largest unsigned score, so it ranks first whatever the ids.
        assertThat(RendezvousScore.compare("z", -1L, "a", 1L)).isNegative();
    }
}
