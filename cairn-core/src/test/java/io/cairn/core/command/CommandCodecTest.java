package io.cairn.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.command.CommandResult.Outcome;
import io.cairn.core.model.Check;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Health;
import io.cairn.core.model.Liveness;
import io.cairn.core.watch.ChangeReason;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.SampleInstances;
import io.cairn.core.model.ServiceKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips and the pinned version-1 layout of the log entry format. */
class CommandCodecTest {

    @ParameterizedTest
    @MethodSource("commands")
    void roundTripsOneCommand(Command command) {
        List<Command> decoded = CommandCodec.decodeBatch(CommandCodec.batch(List.of(CommandCodec.encode(command))));
        assertThat(decoded).containsExactly(command);
    }

    static Stream<Command> commands() {
        Instance unicode = SampleInstances.withTags(
                SampleInstances.withMeta(SampleInstances.of("i-\u00fc"), unicodeMeta()),
                List.of("\u6771\u4eac", "caf\u00e9", "\ud83d\ude80 launch"));
        return Stream.of(
                new Register(SampleInstances.of("i-1")),
                new Register(SampleInstances.largest()),
                new Register(mostMetaEntries()),
                new Register(unicode),
                new Register(new Instance(SampleInstances.WEB, "v6", "2001:db8::1", 1, List.of(), Map.of(), 0)),
                new Deregister(SampleInstances.WEB, "i-1"),
                new Deregister(new ServiceKey("n".repeat(64), "S".repeat(128)), "i".repeat(128)),
                new Deregister(new ServiceKey("\u00e4", "\ud83d\ude00"), "\u0000odd"));
    }

    @Test
    void largestInstancesAreValidSoTheRoundTripCoversTheRealLimits() {
        assertThat(InstanceRules.validate(SampleInstances.largest())).isNotNull();
        assertThat(InstanceRules.validate(mostMetaEntries())).isNotNull();
    }

    @Test
    void roundTripsABatchInOrder() {
        Random random = new Random(7);
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Instance instance = SampleInstances.random(random, 20, 50);
            commands.add(random.nextInt(3) == 0 ? new Deregister(instance.key(), instance.id()) : new Register(instance));
        }
        commands.add(new Register(SampleInstances.largest()));

        assertThat(CommandCodec.decodeBatch(CommandCodec.encodeBatch(commands))).containsExactlyElementsOf(commands);
    }

    @Test
    void encodeBatchEqualsBatchOfEncodedCommands() {
        List<Command> commands = List.of(new Register(SampleInstances.of("a")), new Deregister(SampleInstances.WEB, "b"));
        byte[] joined = CommandCodec.batch(List.of(CommandCodec.encode(commands.get(0)),
                CommandCodec.encode(commands.get(1))));
        assertThat(CommandCodec.encodeBatch(commands)).isEqualTo(joined);
    }

    @Test
    void roundTripsAnEmptyBatch() {
        byte[] empty = CommandCodec.encodeBatch(List.of());
        assertThat(empty).containsExactly(2, 0, 0, 0, 0);
        assertThat(CommandCodec.decodeBatch(empty)).isEmpty();
    }

    /** Replicas compare and checksum log bytes: equal instances must encode to equal bytes. */
    @Test
    void equalInstancesEncodeToIdenticalBytes() {
        Map<String, String> hash = new HashMap<>();
        Map<String, String> linked = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            hash.put("key" + i, "v" + i);
        }
        for (int i = 39; i >= 0; i--) {
            linked.put("key" + i, "v" + i);
        }
        Instance one = SampleInstances.withMeta(SampleInstances.of("i-1"), hash);
        Instance two = SampleInstances.withMeta(SampleInstances.of("i-1"), linked);
        assertThat(CommandCodec.encode(new Register(one))).isEqualTo(CommandCodec.encode(new Register(two)));
    }

    private static String v1Deregister() {
        return "02" + "0007" + hex("default") + "0003" + hex("web") + "0003" + hex("i-1");
    }

    private static String v1RegisterBody() {
        return "0007" + hex("default") + "0003" + hex("web") + "0003" + hex("i-1")
                + "0008" + hex("10.0.0.1")
                + "00001f90" // port 8080
                + "00000064" // weight 100
                + "0002" + "0001" + hex("b") + "0001" + hex("a") // tags, in the owner's order
                + "0002" + "0002" + hex("az") + "0001" + hex("1") // meta, sorted by key
                + "0004" + hex("zone") + "0002" + "c3a9";
    }

    private static Instance pinned() {
        Map<String, String> meta = new TreeMap<>(Map.of("zone", "\u00e9", "az", "1"));
        return new Instance(SampleInstances.WEB, "i-1", "10.0.0.1", 8080, List.of("b", "a"), meta, 100);
    }

    /** Formats on disk in Raft logs: these bytes must never change. Version 2 is what is written. */
    @Test
    void deregisterHasThePinnedVersion2Layout() {
        byte[] bytes = CommandCodec.encodeBatch(List.of(new Deregister(SampleInstances.WEB, "i-1", ChangeReason.EXPIRED)));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "02" + "00000001" // version, count
                        + v1Deregister()
                        + "01"); // reason EXPIRED
    }

    @Test
    void registerHasThePinnedVersion2Layout() {
        Instance instance = new Instance(SampleInstances.WEB, "i-1", "10.0.0.1", 8080, List.of("b", "a"),
                pinned().meta(), 100, new Liveness(true, 10_000, 60_000,
                        List.of(new Check(CheckType.TCP, "h:1", 1_000, 500))), Health.WARNING);
        byte[] bytes = CommandCodec.encodeBatch(List.of(new Register(instance)));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "02" + "00000001" // version, count
                        + "01" // tag REGISTER
                        + v1RegisterBody()
                        + "01" // ephemeral
                        + "0000000000002710" // ttl 10,000 ms
                        + "000000000000ea60" // deregisterAfter 60,000 ms
                        + "01" + "01" + "0003" + hex("h:1") // one check: TCP, target
                        + "00000000000003e8" + "00000000000001f4" // interval 1 s, timeout 500 ms
                        + "01"); // health WARNING
    }

    @Test
    void setHealthHasThePinnedVersion2Layout() {
        byte[] bytes = CommandCodec.encodeBatch(List.of(new SetHealth(SampleInstances.WEB, "i-1", Health.CRITICAL)));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "02" + "00000001" + "03" + "0007" + hex("default") + "0003" + hex("web") + "0003" + hex("i-1") + "02");
    }

    /** Logs written before health existed must still be read, as persistent passing instances. */
    @Test
    void version1BatchesStillDecode() {
        byte[] v1 = HexFormat.of().parseHex("01" + "00000002" + "01" + v1RegisterBody() + v1Deregister());
        List<Command> commands = CommandCodec.decodeBatch(v1);
        assertThat(commands).containsExactly(new Register(pinned()),
                new Deregister(SampleInstances.WEB, "i-1", ChangeReason.REQUEST));
        Instance decoded = ((Register) commands.get(0)).instance();
        assertThat(decoded.liveness()).isEqualTo(Liveness.PERSISTENT);
        assertThat(decoded.health()).isEqualTo(Health.PASSING);
    }

    @Test
    void setHealthIsNotAVersion1Command() {
        byte[] v1 = HexFormat.of().parseHex("01" + "00000001" + "03" + "0007" + hex("default") + "0003" + hex("web")
                + "0003" + hex("i-1") + "02");
        assertThatThrownBy(() -> CommandCodec.decodeBatch(v1)).isInstanceOf(CorruptCommandException.class)
                .hasMessageContaining("unknown command tag 3");
    }

    @Test
    void roundTripsEveryLivenessHealthAndReason() {
        List<Command> commands = new ArrayList<>();
        Instance base = SampleInstances.of("x");
        for (Health h : Health.values()) {
            commands.add(new Register(new Instance(base.key(), "e-" + h, base.address(), base.port(), base.tags(),
                    base.meta(), base.weight(), Liveness.ephemeral(1_000), h)));
            commands.add(new SetHealth(base.key(), "s-" + h, h));
        }
        commands.add(new Register(new Instance(base.key(), "c", base.address(), base.port(), base.tags(), base.meta(),
                base.weight(), new Liveness(false, 0, 3_600_000, List.of(
                        new Check(CheckType.HTTP, "https://h.example:8443/health?x=1", 10_000, 2_000),
                        new Check(CheckType.TCP, "[fd00::1]:5432", 1_000, 100))), Health.CRITICAL)));
        for (ChangeReason r : ChangeReason.values()) {
            commands.add(new Deregister(base.key(), "d-" + r, r));
        }
        assertThat(CommandCodec.decodeBatch(CommandCodec.encodeBatch(commands))).containsExactlyElementsOf(commands);
    }

    @Test
    void corruptHealthCheckTypeOrReasonIsRefused() {
        String head = "02" + "00000001";
        String key = "0007" + hex("default") + "0003" + hex("web") + "0003" + hex("i-1");
        assertThatThrownBy(() -> CommandCodec.decodeBatch(HexFormat.of().parseHex(head + "03" + key + "03")))
                .isInstanceOf(CorruptCommandException.class).hasMessageContaining("health");
        assertThatThrownBy(() -> CommandCodec.decodeBatch(HexFormat.of().parseHex(head + "02" + key + "09")))
                .isInstanceOf(CorruptCommandException.class).hasMessageContaining("reason");
        String badCheck = "01" + v1RegisterBody() + "00" + "0000000000000000" + "0000000000000000"
                + "01" + "07" + "0001" + hex("h") + "00000000000003e8" + "00000000000001f4" + "00";
        assertThatThrownBy(() -> CommandCodec.decodeBatch(HexFormat.of().parseHex(head + badCheck)))
                .isInstanceOf(CorruptCommandException.class).hasMessageContaining("check type");
    }

    @Test
    void commandKindTagsArePinned() {
        assertThat(Command.Kind.REGISTER.tag()).isEqualTo(1);
        assertThat(Command.Kind.DEREGISTER.tag()).isEqualTo(2);
        assertThat(Command.Kind.SET_HEALTH.tag()).isEqualTo(3);
        assertThat(CommandCodec.FORMAT_VERSION).isEqualTo(2);
        assertThat(ChangeReason.REQUEST.tag()).isZero();
        assertThat(ChangeReason.EXPIRED.tag()).isEqualTo(1);
        assertThat(ChangeReason.CHECK.tag()).isEqualTo(2);
        assertThat(ChangeReason.CRITICAL.tag()).isEqualTo(3);
        assertThat(new Register(SampleInstances.of("a")).kind()).isEqualTo(Command.Kind.REGISTER);
        assertThat(new Deregister(SampleInstances.WEB, "a").kind()).isEqualTo(Command.Kind.DEREGISTER);
    }

    @Test
    void commandsNameTheServiceTheyChange() {
        Instance instance = SampleInstances.of(new ServiceKey("ns", "svc"), "a");
        assertThat(new Register(instance).key()).isEqualTo(new ServiceKey("ns", "svc"));
        assertThat(new Deregister(new ServiceKey("ns", "svc"), "a").key()).isEqualTo(new ServiceKey("ns", "svc"));
    }

    @Test
    void commandsRejectNulls() {
        assertThatThrownBy(() -> new Register(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Deregister(null, "a")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Deregister(SampleInstances.WEB, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void roundTripsResults() {
        List<CommandResult> results = List.of(
                new CommandResult(Outcome.CHANGED, 1),
                new CommandResult(Outcome.UNCHANGED, 42),
                new CommandResult(Outcome.NOT_FOUND, 0),
                new CommandResult(Outcome.CHANGED, Long.MAX_VALUE));
        assertThat(CommandCodec.decodeResults(CommandCodec.encodeResults(results))).isEqualTo(results);
        assertThat(CommandCodec.decodeResults(CommandCodec.encodeResults(List.of()))).isEmpty();
    }

    @Test
    void roundTripsManyResults() {
        Random random = new Random(3);
        List<CommandResult> results = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            results.add(new CommandResult(Outcome.values()[random.nextInt(3)], random.nextLong() & Long.MAX_VALUE));
        }
        byte[] bytes = CommandCodec.encodeResults(results);
        assertThat(bytes).hasSize(4 + 9 * results.size());
        assertThat(CommandCodec.decodeResults(bytes)).isEqualTo(results);
    }

    /** The outcome is written as its ordinal: the enum's order is part of the reply format. */
    @Test
    void outcomeOrderIsPinned() {
        assertThat(Outcome.values()).containsExactly(Outcome.CHANGED, Outcome.UNCHANGED, Outcome.NOT_FOUND);
    }

    static Instance mostMetaEntries() {
        Map<String, String> meta = new TreeMap<>();
        for (int m = 0; m < 64; m++) {
            meta.put("key/" + m, "\u00e9t\u00e9 " + m);
        }
        return SampleInstances.withMeta(SampleInstances.of("i-meta"), meta);
    }

    private static Map<String, String> unicodeMeta() {
        Map<String, String> meta = new TreeMap<>();
        meta.put("city", "\u6771\u4eac\u90fd");
        meta.put("emoji", "\ud83d\ude00\ud83c\udf89");
        meta.put("combining", "e\u0301");
        meta.put("rtl", "\u05e9\u05dc\u05d5\u05dd");
        meta.put("max", "\u00fc".repeat(512));
        return meta;
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
