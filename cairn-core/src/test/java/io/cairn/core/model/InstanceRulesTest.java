package io.cairn.core.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Port, weight, tags, metadata, and the whole-instance check. */
class InstanceRulesTest {

    private static final Instance BASE = SampleInstances.of("i-1");

    @ParameterizedTest
    @ValueSource(ints = {1, 80, 8080, 65_535})
    void portAcceptsOneTo65535(int port) {
        assertThatCode(() -> InstanceRules.port(port)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void portRejectsOutsideOneTo65535(int port) {
        assertInvalid(() -> InstanceRules.port(port), "port", "must be between 1 and 65535");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 9_999, 10_000})
    void weightAcceptsZeroTo10000(int weight) {
        assertThatCode(() -> InstanceRules.weight(weight)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void weightRejectsOutsideZeroTo10000(int weight) {
        assertInvalid(() -> InstanceRules.weight(weight), "weight", "must be between 0 and 10000");
    }

    @Test
    void defaultWeightIs100AndValid() {
        assertThat(Instance.DEFAULT_WEIGHT).isEqualTo(100);
        assertThatCode(() -> InstanceRules.weight(Instance.DEFAULT_WEIGHT)).doesNotThrowAnyException();
    }

    @Test
    void tagsAcceptNoneAndUpTo64DistinctOnes() {
        assertThatCode(() -> InstanceRules.tags(List.of())).doesNotThrowAnyException();
        assertThatCode(() -> InstanceRules.tags(distinctTags(64))).doesNotThrowAnyException();
    }

    @Test
    void tagsReject65() {
        assertInvalid(() -> InstanceRules.tags(distinctTags(65)), "tags", "at most 64 tags");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "prod", "zone=eu west", "\u00fcn\u00efcode", "\u6771\u4eac", "a/b:c@d", " "})
    void tagsAcceptAnyPrintableText(String tag) {
        assertThatCode(() -> InstanceRules.tags(List.of(tag))).doesNotThrowAnyException();
    }

    @Test
    void tagsAcceptExactly128CharactersAndReject129() {
        assertThatCode(() -> InstanceRules.tags(List.of("t".repeat(128)))).doesNotThrowAnyException();
        assertInvalid(() -> InstanceRules.tags(List.of("t".repeat(129))), "tags[0]",
                "each tag must be 1-128 characters without control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\nb", "tab\t", "\u0000", "del\u007f", "nel\u0085", "\u001b[31m"})
    void tagsRejectEmptyAndControlCharacters(String tag) {
        assertInvalid(() -> InstanceRules.tags(List.of("ok", tag)), "tags[1]",
                "each tag must be 1-128 characters without control characters");
    }

    @Test
    void tagsRejectNull() {
        assertInvalid(() -> InstanceRules.tags(Arrays.asList("ok", null)), "tags[1]",
                "each tag must be 1-128 characters without control characters");
    }

    @Test
    void tagsRejectDuplicatesAndNameTheTag() {
        assertInvalid(() -> InstanceRules.tags(List.of("blue", "green", "blue")), "tags[2]", "duplicate tag 'blue'");
    }

    @Test
    void tagsAreCaseSensitiveSoDifferentCaseIsNotADuplicate() {
        assertThatCode(() -> InstanceRules.tags(List.of("Blue", "blue"))).doesNotThrowAnyException();
    }

    @Test
    void metaAcceptsNoneAndUpTo64Entries() {
        assertThatCode(() -> InstanceRules.meta(Map.of())).doesNotThrowAnyException();
        assertThatCode(() -> InstanceRules.meta(entries(64))).doesNotThrowAnyException();
    }

    @Test
    void metaRejects65Entries() {
        assertInvalid(() -> InstanceRules.meta(entries(65)), "meta", "at most 64 entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A1", "version", "a.b-c_d/e", "k8s.io/zone", "1"})
    void metaKeysAcceptLettersDigitsAndDotDashUnderscoreSlash(String key) {
        assertThatCode(() -> InstanceRules.meta(Map.of(key, "v"))).doesNotThrowAnyException();
    }

    @Test
    void metaKeysAcceptExactly128Characters() {
        assertThatCode(() -> InstanceRules.meta(Map.of("k".repeat(128), "v"))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".a", "-a", "/a", "_a", "a b", "a:b", "a=b", "\u00e4", "a\u00e4", "a\n"})
    void metaKeysRejectOtherCharactersAndABadFirstCharacter(String key) {
        String shown = Printable.quote(key);
        assertInvalid(() -> InstanceRules.meta(Map.of(key, "v")), "meta." + shown.substring(1, shown.length() - 1),
                "keys must be 1-128 of letters, digits and . - _ / (starting with a letter or digit)");
    }

    @Test
    void metaKeysReject129Characters() {
        assertInvalid(() -> InstanceRules.meta(Map.of("k".repeat(129), "v")), "meta." + "k".repeat(80) + "\u2026",
                "keys must be 1-128");
    }

    @Test
    void metaKeysRejectNull() {
        Map<String, String> meta = new HashMap<>();
        meta.put(null, "v");
        assertInvalid(() -> InstanceRules.meta(meta), "meta.null", "keys must be 1-128");
    }

    /** Each value is 1024 UTF-8 bytes: ASCII, 2-byte, 3-byte and 4-byte (surrogate pair) characters. */
    @ParameterizedTest
    @MethodSource("valuesOf1024Bytes")
    void metaValuesAcceptExactly1024Utf8Bytes(String value) {
        assertThatCode(() -> InstanceRules.meta(Map.of("k", value))).doesNotThrowAnyException();
    }

    static Stream<String> valuesOf1024Bytes() {
        return Stream.of("v".repeat(1024), "\u00fc".repeat(512), "\u20ac".repeat(341) + "x",
                "\ud83d\ude00".repeat(256));
    }

    @Test
    void metaValuesMayBeEmpty() {
        assertThatCode(() -> InstanceRules.meta(Map.of("flag", ""))).doesNotThrowAnyException();
    }

    /** The limit counts UTF-8 bytes, not characters: 513 "ü" are 513 characters but 1026 bytes. */
    @ParameterizedTest
    @MethodSource("valuesOver1024Bytes")
    void metaValuesRejectMoreThan1024Utf8Bytes(String value) {
        assertInvalid(() -> InstanceRules.meta(Map.of("zone", value)), "meta.zone",
                "must be at most 1024 UTF-8 bytes without control characters");
    }

    static Stream<String> valuesOver1024Bytes() {
        return Stream.of("v".repeat(1025), "\u00fc".repeat(513), "\u20ac".repeat(342), "\ud83d\ude00".repeat(257),
                "\u00fc".repeat(512) + "x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "\r", "\t", "\u0000", "\u007f", "\u0085", "\u009f"})
    void metaValuesRejectControlCharacters(String value) {
        assertInvalid(() -> InstanceRules.meta(Map.of("zone", value)), "meta.zone",
                "must be at most 1024 UTF-8 bytes without control characters");
    }

    @Test
    void metaValuesRejectNull() {
        Map<String, String> meta = new HashMap<>();
        meta.put("zone", null);
        assertInvalid(() -> InstanceRules.meta(meta), "meta.zone", "must be a string");
    }

    @Test
    void metaAcceptsExactly8KiBInAll() {
        assertThatCode(() -> InstanceRules.meta(SampleInstances.largest().meta())).doesNotThrowAnyException();
        assertThat(totalBytes(SampleInstances.largest().meta())).isEqualTo(8192);
    }

    @Test
    void metaRejectsOneByteOver8KiBInAll() {
        Map<String, String> meta = new TreeMap<>();
        for (int m = 0; m < 8; m++) {
            meta.put(m + "k".repeat(127), "v".repeat(m == 0 ? 897 : 896));
        }
        assertThat(totalBytes(meta)).isEqualTo(8193);
        assertInvalid(() -> InstanceRules.meta(meta), "meta",
                "keys and values together must be at most 8192 UTF-8 bytes");
    }

    /** 8 x (128 + 448 "ü") is 4608 characters but 8192 bytes; one more "ü" is over. */
    @Test
    void metaTotalCountsUtf8BytesOfValues() {
        Map<String, String> meta = new TreeMap<>(SampleInstances.largest().meta());
        String first = meta.keySet().iterator().next();
        meta.put(first, meta.get(first) + "\u00fc");
        assertInvalid(() -> InstanceRules.meta(meta), "meta", "at most 8192 UTF-8 bytes");
    }

    @Test
    void validateAcceptsTheLargestInstanceAndReturnsIt() {
        Instance largest = SampleInstances.largest();
        assertThat(InstanceRules.validate(largest)).isSameAs(largest);
        assertThat(InstanceRules.validate(BASE)).isSameAs(BASE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instancesWithOneBadField")
    void validateNamesTheOneBadField(String field, Instance instance) {
        assertThatThrownBy(() -> InstanceRules.validate(instance))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    static Stream<Arguments> instancesWithOneBadField() {
        return Stream.of(
                Arguments.of("ns", new Instance(new ServiceKey("Default", "web"), "i-1", "10.0.0.1", 80, null,
                        null, 100)),
                Arguments.of("service", new Instance(new ServiceKey("default", "web-"), "i-1", "10.0.0.1", 80, null,
                        null, 100)),
                Arguments.of("id", new Instance(SampleInstances.WEB, "-i", "10.0.0.1", 80, null, null, 100)),
                Arguments.of("address", SampleInstances.withAddress(BASE, "999.1.1.1")),
                Arguments.of("port", SampleInstances.withPort(BASE, 0)),
                Arguments.of("tags[1]", SampleInstances.withTags(BASE, List.of("a", "a"))),
                Arguments.of("meta.-k", SampleInstances.withMeta(BASE, Map.of("-k", "v"))),
                Arguments.of("meta.k", SampleInstances.withMeta(BASE, Map.of("k", "\n"))),
                Arguments.of("weight", SampleInstances.withWeight(BASE, 10_001)));
    }

    @Test
    void invalidFieldExceptionCarriesFieldAndRuleAndNoStackTrace() {
        InvalidFieldException e = new InvalidFieldException("meta.version", "must be a string");
        assertThat(e.field()).isEqualTo("meta.version");
        assertThat(e.rule()).isEqualTo("must be a string");
        assertThat(e.getMessage()).isEqualTo("meta.version: must be a string");
        // An expected condition on a hot path: no stack trace is captured.
        assertThat(e.getStackTrace()).isEmpty();
    }

    private static void assertInvalid(ThrowingCallable call, String field,
            String ruleFragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).contains(ruleFragment);
            assertThat(e.getMessage()).isEqualTo(field + ": " + e.rule());
        });
    }

    private static List<String> distinctTags(int n) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add("tag-" + i);
        }
        return tags;
    }

    private static Map<String, String> entries(int n) {
        Map<String, String> meta = new HashMap<>();
        for (int i = 0; i < n; i++) {
            meta.put("key" + i, "value");
        }
        return meta;
    }

    private static int totalBytes(Map<String, String> meta) {
        int total = 0;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            total += e.getKey().getBytes(UTF_8).length
                    + e.getValue().getBytes(UTF_8).length;
        }
        return total;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "x\udc00y", "\udc00\ud800", "a\ud800"})
    void loneSurrogatesAreRefusedNamingTheField(String text) {
        assertInvalid(() -> InstanceRules.tags(List.of("ok", text)), "tags[1]", "lone UTF-16 surrogate");
        assertInvalid(() -> InstanceRules.meta(Map.of("k", text)), "meta.k", "lone UTF-16 surrogate");
    }

    @Test
    void surrogatePairsAreCharactersLikeAnyOther() {
        assertThatCode(() -> InstanceRules.tags(List.of("\ud83d\ude00"))).doesNotThrowAnyException();
    }
}
