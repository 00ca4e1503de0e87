package io.cairn.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.model.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {

    /**
     * The partition of a key is fixed for the life of a data directory: these values must never
     * change. They were computed with the reference C library (libxxhash 0.8.1, XXH3_64bits,
     * seed 0), not with the code under test, and cover the algorithm's input-length branches
     * (1-3, 4-8, 9-16, 17-128 and 129-240 bytes). Several hashes are negative as Java longs,
     * which pins the unsigned remainder.
     */
    static Stream<Arguments> pinned() {
        return Stream.of(
                Arguments.of("a", "b", 0x48f71e9475860604L, 4, 4, 2, 148),
                Arguments.of("ns", "a", 0x718e2506831a61b9L, 9, 185, 2, 657),
                Arguments.of("default", "web", 0xcdf5453c6b8e2813L, 3, 19, 2, 387),
                Arguments.of("default", "api", 0xadd7d13a2f6fe5eeL, 14, 238, 2, 830),
                Arguments.of("prod", "payments-service", 0x527e3a2619b6724fL, 15, 79, 2, 879),
                Arguments.of("team-a_1", "Some.Service-Name_v2", 0x9dff1ced8025f686L, 6, 134, 1, 702),
                Arguments.of("n".repeat(64), "S".repeat(128), 0x0f58dbda80b59954L, 4, 84, 0, 156));
    }

    @ParameterizedTest
    @MethodSource("pinned")
    void hashAndPartitionsArePinned(String ns, String service, long hash, int of16, int of256, int of3, int of1000) {
        ServiceKey key = new ServiceKey(ns, service);
        assertThat(Partitioner.hash(key)).isEqualTo(hash);
        assertThat(new Partitioner(16).partitionOf(key)).isEqualTo(of16);
        assertThat(new Partitioner(256).partitionOf(key)).isEqualTo(of256);
        assertThat(new Partitioner(3).partitionOf(key)).isEqualTo(of3);
        assertThat(new Partitioner(1000).partitionOf(key)).isEqualTo(of1000);
        assertThat(new Partitioner(1).partitionOf(key)).isZero();
    }

    @Test
    void partitionIsTheUnsignedHashModuloThePartitionCount() {
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            ServiceKey key = randomKey(random);
            int partitions = 1 + random.nextInt(5_000);
            int p = new Partitioner(partitions).partitionOf(key);
            assertThat(p).isBetween(0, partitions - 1)
                    .isEqualTo((int) Long.remainderUnsigned(Partitioner.hash(key), partitions));
        }
    }

    @Test
    void largestPartitionCountStillGivesAPartitionInRange() {
        Partitioner partitioner = new Partitioner(Integer.MAX_VALUE);
        Random random = new Random(2);
        for (int i = 0; i < 1_000; i++) {
            assertThat(partitioner.partitionOf(randomKey(random))).isBetween(0, Integer.MAX_VALUE - 1);
        }
    }

    @Test
    void dependsOnlyOnTheKeysContent() {
        ServiceKey one = new ServiceKey("default", "web");
        ServiceKey two = new ServiceKey(new String("default"), new StringBuilder("we").append('b').toString());
        assertThat(Partitioner.hash(two)).isEqualTo(Partitioner.hash(one));
        assertThat(new Partitioner(16).partitionOf(two)).isEqualTo(new Partitioner(16).partitionOf(one));
    }

    /** The separator keeps "ab"+"c" and "a"+"bc" apart. */
    @Test
    void theNamespaceServiceBoundaryIsPartOfTheHash() {
        assertThat(Partitioner.hash(new ServiceKey("ab", "c"))).isNotEqualTo(Partitioner.hash(new ServiceKey("a", "bc")));
        assertThat(Partitioner.hash(new ServiceKey("a", "b"))).isNotEqualTo(Partitioner.hash(new ServiceKey("b", "a")));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 256})
    void spreadsRandomKeysEvenly(int partitions) {
        Random random = new Random(partitions);
        List<ServiceKey> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(randomKey(random));
        }
        assertEven(keys, partitions);
    }

    /** Real names are patterned (svc-1, svc-2, ...): the spread must not depend on names being random. */
    @ParameterizedTest
    @ValueSource(ints = {16, 256})
    void spreadsSequentialNamesEvenly(int partitions) {
        List<ServiceKey> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(new ServiceKey("ns" + (i % 4), "svc-" + i));
        }
        assertEven(keys, partitions);
    }

    @Test
    void partitionCountIsKept() {
        assertThat(new Partitioner(16).partitions()).isEqualTo(16);
        assertThat(new Partitioner(1).partitions()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void rejectsFewerThanOnePartition(int partitions) {
        assertThatThrownBy(() -> new Partitioner(partitions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be at least 1, got " + partitions);
    }

    /**
     * Each partition within a few percent of its share for 16 partitions (about 4 standard
     * deviations for 100k keys), and a chi-square below its 99.9% quantile for both counts. With
     * 256 partitions one partition's share is only ~390 keys, so the per-partition bound is looser
     * there (about 5 standard deviations) and the chi-square carries the test.
     */
    private static void assertEven(List<ServiceKey> keys, int partitions) {
        Partitioner partitioner = new Partitioner(partitions);
        int[] counts = new int[partitions];
        for (ServiceKey key : keys) {
            counts[partitioner.partitionOf(key)]++;
        }
        double expected = (double) keys.size() / partitions;
        double tolerance = partitions == 16 ? 0.05 : 0.25;
        double chiSquare = 0;
        for (int count : counts) {
            assertThat((double) count).isBetween(expected * (1 - tolerance), expected * (1 + tolerance));
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        double quantile999 = partitions == 16 ? 37.70 : 330.52;
        assertThat(chiSquare).as("chi-square over %d partitions", partitions).isLessThan(quantile999);
    }

    private static ServiceKey randomKey(Random random) {
        return new ServiceKey("ns" + random.nextInt(8), "s" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
}
