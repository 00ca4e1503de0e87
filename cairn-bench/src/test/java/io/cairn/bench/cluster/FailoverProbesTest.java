package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FailoverProbesTest {

    @Test
    void eachPartitionGetsAProbeServiceThatHashesToIt() {
        for (int partitions : new int[] {1, 4, 16, 64}) {
            List<String> probes = FailoverProbes.probeServices(partitions);
            Partitioner partitioner = new Partitioner(partitions);

            assertThat(probes).hasSize(partitions).doesNotHaveDuplicates();
            for (int p = 0; p < partitions; p++) {
                assertThat(partitioner.partitionOf(new ServiceKey("default", probes.get(p)))).isEqualTo(p);
            }
        }
    }

    @Test
    void victimsRotateWithoutASeedAndRepeatWithOne() {
        List<Integer> rotation = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            rotation.add(FailoverProbes.victim(round, 3, null));
        }
        assertThat(rotation).containsExactly(0, 1, 2, 0, 1, 2, 0);

        Random a = new Random(7);
        Random b = new Random(7);
        for (int round = 0; round < 20; round++) {
            int v = FailoverProbes.victim(round, 3, a);
            assertThat(v).isBetween(0, 2).isEqualTo(FailoverProbes.victim(round, 3, b));
        }
    }

    @Test
    void survivorsAreTheOthersInOrder() {
        assertThat(FailoverProbes.survivors(1, 3)).containsExactly(0, 2);
        assertThat(FailoverProbes.survivors(0, 2)).containsExactly(1);
    }
}
