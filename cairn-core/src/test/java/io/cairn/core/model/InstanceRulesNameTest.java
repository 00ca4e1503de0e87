package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The three names: namespace, service and instance id (docs/api.md, "Limits"). */
class InstanceRulesNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "default", "team-1", "a-b_c", "x9", "a--b", "a__b"})
    void namespaceAcceptsLowerCaseLettersDigitsDashAndUnderscoreInside(String ns) {
        assertThat(InstanceRules.namespace(ns)).isEqualTo(ns);
    }

    @Test
    void namespaceAcceptsExactly64Characters() {
        String ns = "a".repeat(64);
        assertThat(InstanceRules.namespace(ns)).isEqualTo(ns);
    }

    @Test
    void namespaceRejects65Characters() {
        assertThatThrownBy(() -> InstanceRules.namespace("a".repeat(65)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("ns");
                    assertThat(e.rule()).contains("1-64").contains("lower-case");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "Default", "-a", "a-", "_a", "a_", "a.b", "a b", "a/b", "\u00e4", "a\n", "-", "_",
        "\uff41"})
    void namespaceRejectsOtherCharactersAndBadEnds(String ns) {
        assertThatThrownBy(() -> InstanceRules.namespace(ns))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("ns");
                    assertThat(e.rule()).contains("starting and ending with a letter or digit");
                    assertThat(e.getMessage()).startsWith("ns: ");
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    void namespaceIsRequired(String ns) {
        assertThatThrownBy(() -> InstanceRules.namespace(ns))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("ns");
                    assertThat(e.rule()).isEqualTo("is required");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "W", "7", "Web.API-v2_x", "a.b.c", "payments-service", "A1"})
    void serviceAcceptsLettersDigitsDotDashAndUnderscoreInside(String service) {
        assertThat(InstanceRules.service(service)).isEqualTo(service);
    }

    @Test
    void serviceAcceptsExactly128Characters() {
        String service = "S".repeat(128);
        assertThat(InstanceRules.service(service)).isEqualTo(service);
    }

    @Test
    void serviceRejects129Characters() {
        assertThatThrownBy(() -> InstanceRules.service("S".repeat(129)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("service");
                    assertThat(e.rule()).contains("1-128");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {".web", "web.", "-web", "web-", "_web", "web_", "we b", "web/x", "w\u00e9b", "web:1",
        "web@x", "\u0430pi", "web\t", "."})
    void serviceRejectsOtherCharactersAndBadEnds(String service) {
        assertThatThrownBy(() -> InstanceRules.service(service))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("service");
                    assertThat(e.rule()).contains("letters, digits and . - _")
                            .contains("starting and ending with a letter or digit");
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    void serviceIsRequired(String service) {
        assertThatThrownBy(() -> InstanceRules.service(service))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("service");
                    assertThat(e.rule()).isEqualTo("is required");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1", "host:8080", "i@host", "a.", "a-", "a_", "a:", "a@", "Web-1.zone_b:80@x"})
    void instanceIdAcceptsItsCharactersAfterALetterOrDigit(String id) {
        assertThat(InstanceRules.instanceId(id)).isEqualTo(id);
    }

    @Test
    void instanceIdAcceptsExactly128Characters() {
        String id = "i".repeat(128);
        assertThat(InstanceRules.instanceId(id)).isEqualTo(id);
    }

    @Test
    void instanceIdRejects129Characters() {
        assertThatThrownBy(() -> InstanceRules.instanceId("i".repeat(129)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("id");
                    assertThat(e.rule()).isEqualTo("must be at most 128 characters");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {".a", "-a", ":a", "@a", "_a", "a b", "a/b", "\u00fc", "a\u00fc", "a\u0000", "a#1", "a%20"})
    void instanceIdRejectsOtherCharactersAndABadFirstCharacter(String id) {
        assertThatThrownBy(() -> InstanceRules.instanceId(id))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("id");
                    assertThat(e.rule()).contains(". - _ : @").contains("starting with a letter or digit");
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    void instanceIdIsRequired(String id) {
        assertThatThrownBy(() -> InstanceRules.instanceId(id))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("id");
                    assertThat(e.rule()).isEqualTo("is required");
                });
    }
}
