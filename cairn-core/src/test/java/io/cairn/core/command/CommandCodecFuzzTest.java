package io.cairn.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzz target for the command codec: a log entry comes from this node's disk or from a peer, so
 * its bytes are untrusted. Contract: {@link CommandCodec#decodeBatch} either returns commands
 * that encode back to a batch decoding to the same commands, or throws
 * {@link CorruptCommandException}; any other throwable (and an OutOfMemoryError from a trusted
 * length) is a finding.
 *
 * <p>In {@code mvn verify} this runs the committed corpus ({@code CommandCodecFuzzTestInputs/})
 * as regression tests; {@code JAZZER_FUZZ=1} fuzzes (docs/security.md, "Hostile input").
 */
class CommandCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodeBatch(byte[] entry) {
        List<Command> commands;
        try {
            commands = CommandCodec.decodeBatch(entry);
        } catch (CorruptCommandException expected) {
            return;
        }
        assertThat(CommandCodec.decodeBatch(CommandCodec.encodeBatch(commands))).isEqualTo(commands);
    }

    @FuzzTest(maxDuration = "1m")
    void decodeResults(byte[] reply) {
        List<CommandResult> results;
        try {
            results = CommandCodec.decodeResults(reply);
        } catch (CorruptCommandException expected) {
            return;
        }
        assertThat(CommandCodec.decodeResults(CommandCodec.encodeResults(results))).isEqualTo(results);
    }
}
