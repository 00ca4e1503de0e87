package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The address: an IPv4 or IPv6 literal or an RFC 1123 host name, judged by syntax alone. */
class InstanceRulesAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.0.0.1", "192.168.1.10", "255.255.255.255", "1.2.3.4", "100.64.0.0"})
    void acceptsIpv4(String address) {
        assertAccepted(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "256.0.0.1", "1.2.3.256", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04",
        "1..2.3", "1.2.3.", ".1.2.3.4", "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ", "+1.2.3.4", "1.2.3.4/24", "1.2.3.4:80",
        "0x7f.0.0.1", "1234.1.1.1", "1.2.3.\u0664"})
    void rejectsMalformedIpv4(String address) {
        assertRejected(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "localhost", "web-1.example.com", "123abc", "a1.b2.c3", "1.2.3.a",
        "xn--bcher-kva.example", "UPPER.Example.COM", "a-b-c"})
    void acceptsHostNames(String address) {
        assertAccepted(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-host", "host-", "a..b", ".a", "a.", "b\u00fccher.de", "\u4f8b\u3048.jp", "host_name",
        "a b", "exa mple.com", "localhost\n", "host!", "a.-b.c", "a.b-.c", "*.example.com", "\uff41"})
    void rejectsMalformedHostNames(String address) {
        assertRejected(address);
    }

    @Test
    void acceptsA63CharacterLabelAndRejectsA64CharacterLabel() {
        assertAccepted("a".repeat(63) + ".example");
        assertRejected("a".repeat(64) + ".example");
    }

    @Test
    void acceptsA253CharacterHostNameAndRejects254() {
        String host253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertAccepted(host253);
        assertRejected(host253 + "d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "fe80::1", "2001:db8::8a2e:370:7334",
        "2001:0db8:0000:0000:0000:ff00:0042:8329", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.128", "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "FE80::ABCD", "0000:0000:0000:0000:0000:ffff:255.255.255.255"})
    void acceptsIpv6(String address) {
        assertAccepted(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", "1:::2", "12345::", "g::1",
        "fe80::1%eth0", "[::1]", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
        "::1.2.3.4:1", "::256.1.1.1", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", ":", "1:2", "::-1", ":: 1",
        "00000:0000:0000:0000:0000:ffff:255.255.255.255"})
    void rejectsMalformedIpv6(String address) {
        assertRejected(address);
    }

    /**
     * Look-alike digits must not pass for hex: a client parsing the address with any standard
     * resolver would fail, and two spellings would name the same endpoint.
     */
    @ParameterizedTest
    @ValueSource(strings = {"::\u0661", "fe80::\uff11", "\uff41::1", "2001:db8::\u0968"})
    void rejectsIpv6WithNonAsciiDigits(String address) {
        assertRejected(address);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void isRequired(String address) {
        assertThatThrownBy(() -> InstanceRules.address(address))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("address");
                    assertThat(e.rule()).isEqualTo("is required");
                });
    }

    private static void assertAccepted(String address) {
        assertThatCode(() -> InstanceRules.address(address)).as(address).doesNotThrowAnyException();
    }

    private static void assertRejected(String address) {
        assertThatThrownBy(() -> InstanceRules.address(address))
                .as(address)
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("address");
                    assertThat(e.rule())
                            .contains("IPv4").contains("IPv6").contains("host name").contains("253");
                });
    }
}
