package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's duration syntax as Consul's clients write it, and native field names in Consul's words. */
class ConsulDurationTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"10s, 10000", "1m30s, 90000", "500ms, 500", "1.5s, 1500", "72h, 259200000", "0, 0",
        "2h45m, 9900000", "1500000us, 1500", "1000000000ns, 1000"})
    void goDurationsParse(String text, long millis) {
        assertThat(ConsulDuration.millis("TTL", text)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "10", "-1s", "+1s", "1 s", "s", "1d", "1e3s", "10s ", "5000000h"})
    void anythingElseIsA400(String text) {
        assertThatThrownBy(() -> ConsulDuration.millis("TTL", text)).isInstanceOfSatisfying(ConsulError.class,
                e -> assertThat(e.getMessage()).startsWith("Invalid TTL: time: invalid duration"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"checks[0].interval, Checks[0].Interval", "checks[2].url, Checks[2].HTTP", "port, Port",
        "meta.id, Meta.id", "tags[1], Tags[1]", "deregisterAfter, DeregisterCriticalServiceAfter", "id, ID",
        "service, Name", "weight, Weights.Passing"})
    void nativeFieldsAreNamedAsConsulNamesThem(String field, String consul) {
        assertThat(ConsulRegistration.consulField(field)).isEqualTo(consul);
    }
}
