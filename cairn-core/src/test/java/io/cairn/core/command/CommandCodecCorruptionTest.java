package io.cairn.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.core.model.Instance;
import io.cairn.core.model.SampleInstances;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes that are not a valid entry must surface as {@link CorruptCommandException} and nothing
 * else: the state machine stops on exactly that type, and any other (an IndexOutOfBounds, an
 * OutOfMemoryError from a trusted length) would be handled as a bug instead of as corruption.
 */
class CommandCodecCorruptionTest {

    /** Small on purpose: the tests below decode it thousands of times, some once per prefix. */
    private static final byte[] VALID = CommandCodec.encodeBatch(List.of(
            new Register(SampleInstances.withTags(
                    SampleInstances.withMeta(SampleInstances.of("i-2"), Map.of("k", "\u00fc\u20ac", "z", "1")),
                    List.of("blue", "t\u00e9"))),
            new Deregister(SampleInstances.WEB, "i-1")));

    @Test
    void rejectsEmptyBytes() {
        assertCorrupt(new byte[0], "truncated");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 127, 255})
    void rejectsUnknownFormatVersion(int version) {
        byte[] bytes = VALID.clone();
        bytes[0] = (byte) version;
        assertCorrupt(bytes, "unknown command format version " + version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 100, 255})
    void rejectsUnknownCommandKind(int tag) {
        byte[] bytes = VALID.clone();
        bytes[5] = (byte) tag; // the first command's tag
        assertCorrupt(bytes, "unknown command tag " + tag);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 30})
    void rejectsAHugeOrNegativeCountWithoutAllocatingForIt(int count) {
        byte[] bytes = ByteBuffer.allocate(5).put((byte) 1).putInt(count).array();
        assertCorrupt(bytes, "bad command count " + count);
    }

    @Test
    void rejectsACountLargerThanTheCommandsPresent() {
        byte[] bytes = VALID.clone();
        bytes[4] = 4; // says four, holds three
        assertCorrupt(bytes, "truncated");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = Arrays.copyOf(VALID, VALID.length + 2);
        assertCorrupt(bytes, "2 trailing bytes");
    }

    @Test
    void rejectsEveryTruncation() {
        for (int length = 0; length < VALID.length; length++) {
            byte[] prefix = Arrays.copyOf(VALID, length);
            assertThatThrownBy(() -> CommandCodec.decodeBatch(prefix))
                    .as("prefix of %d bytes", length)
                    .isInstanceOf(CorruptCommandException.class);
        }
    }

    @Test
    void rejectsTruncationsOfTheLargestInstance() {
        byte[] largest = CommandCodec.encodeBatch(List.of(new Register(SampleInstances.largest())));
        for (int length = 0; length < largest.length; length += 97) {
            byte[] prefix = Arrays.copyOf(largest, length);
            assertThatThrownBy(() -> CommandCodec.decodeBatch(prefix))
                    .as("prefix of %d bytes", length)
                    .isInstanceOf(CorruptCommandException.class);
        }
        assertThat(CommandCodec.decodeBatch(largest)).hasSize(1);
    }

    @Test
    void rejectsMalformedModifiedUtf8() {
        byte[] bytes = CommandCodec.encodeBatch(List.of(new Deregister(SampleInstances.WEB, "ab")));
        bytes[bytes.length - 2] = (byte) 0xff; // not a valid first byte of a character
        assertThatThrownBy(() -> CommandCodec.decodeBatch(bytes)).isInstanceOf(CorruptCommandException.class);
    }

    @Test
    void randomGarbageIsCorruptOrACommandNeverAnotherFailure() {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 1; // get past the version check most of the time
            }
            if (bytes.length > 4 && random.nextBoolean()) {
                bytes[1] = 0;
                bytes[2] = 0;
                bytes[3] = 0; // a plausible count
            }
            decodesOrIsCorrupt(bytes, CommandCodec::decodeBatch);
        }
    }

    @Test
    void flippedBytesInAValidBatchAreCorruptOrACommandNeverAnotherFailure() {
        Random random = new Random(13);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = VALID.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            decodesOrIsCorrupt(bytes, CommandCodec::decodeBatch);
        }
    }

    @Test
    void resultsRejectTruncation() {
        byte[] valid = CommandCodec.encodeResults(List.of(new CommandResult(CommandResult.Outcome.CHANGED, 5),
                new CommandResult(CommandResult.Outcome.NOT_FOUND, 0)));
        for (int length = 0; length < valid.length; length++) {
            byte[] prefix = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> CommandCodec.decodeResults(prefix))
                    .as("prefix of %d bytes", length)
                    .isInstanceOf(CorruptCommandException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 255})
    void resultsRejectAnUnknownOutcome(int outcome) {
        byte[] bytes = ByteBuffer.allocate(13).putInt(1).put((byte) outcome).putLong(7).array();
        assertThatThrownBy(() -> CommandCodec.decodeResults(bytes))
                .isInstanceOf(CorruptCommandException.class)
                .hasMessage("unknown outcome " + outcome);
    }

    /** A length prefix is read from the bytes: it must be checked before anything is sized by it. */
    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
    void resultsRejectAHugeOrNegativeCountWithoutAllocatingForIt(int count) {
        byte[] bytes = ByteBuffer.allocate(13).putInt(count).put((byte) 0).putLong(7).array();
        assertThatThrownBy(() -> CommandCodec.decodeResults(bytes)).isInstanceOf(CorruptCommandException.class);
    }

    @Test
    void randomResultGarbageIsCorruptOrResultsNeverAnotherFailure() {
        Random random = new Random(17);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length >= 4) {
                bytes[0] = 0;
                bytes[1] = 0;
                bytes[2] = 0; // a plausible count, 0-255
            }
            decodesOrIsCorrupt(bytes, CommandCodec::decodeResults);
        }
    }

    @Test
    void decodedGarbageStillBuildsWellFormedInstances() {
        // A flipped byte may still decode; whatever comes out is a complete, immutable value.
        Random random = new Random(19);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = VALID.clone();
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                for (Command c : CommandCodec.decodeBatch(bytes)) {
                    if (c instanceof Register r) {
                        Instance i = r.instance();
                        assertThat(i.key()).isNotNull();
                        assertThat(i.tags()).doesNotContainNull();
                    }
                }
            } catch (CorruptCommandException expected) {
                // fine: detected
            }
        }
    }

    private static void assertCorrupt(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> CommandCodec.decodeBatch(bytes))
                .isInstanceOf(CorruptCommandException.class)
                .hasMessageContaining(messagePart);
    }

    private static void decodesOrIsCorrupt(byte[] bytes, Function<byte[], ?> decoder) {
        try {
            decoder.apply(bytes);
        } catch (CorruptCommandException expected) {
            // the one allowed failure
        } catch (Throwable other) {
            fail("decoding " + HexFormat.of().formatHex(bytes) + " threw " + other, other);
        }
    }
}
