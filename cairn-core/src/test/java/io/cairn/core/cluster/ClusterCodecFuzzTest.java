package io.cairn.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.core.command.CorruptCommandException;

/**
 * Fuzz target for the cluster metadata codec (the metadata group's log entries and snapshot come
 * from disk or a peer). Contract: decoding either gives a value that encodes back to the same
 * value, or throws {@link CorruptCommandException}; anything else is a finding.
 */
class ClusterCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodeMap(byte[] bytes) {
        ClusterMap map;
        try {
            map = ClusterCodec.decodeMap(bytes);
        } catch (CorruptCommandException expected) {
            return;
        }
        assertThat(ClusterCodec.decodeMap(ClusterCodec.encode(map))).isEqualTo(map);
    }

    @FuzzTest(maxDuration = "1m")
    void decodeCommand(byte[] bytes) {
        ClusterCommand command;
        try {
            command = ClusterCodec.decodeCommand(bytes);
        } catch (CorruptCommandException expected) {
            return;
        }
        assertThat(ClusterCodec.decodeCommand(ClusterCodec.encode(command))).isEqualTo(command);
    }
}
