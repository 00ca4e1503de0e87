package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Consul's filter expressions over one instance: the forms docs/consul.md lists. */
class ServiceFilterTest {

    private static final Instance WEB = new Instance(new ServiceKey("default", "web"), "web-1", "10.0.0.1", 8080,
            List.of("v2", "blue"), Map.of("zone", "eu-1", "team", "core"), 100);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "ServiceName == \"web\" | true",
        "Service.Service == \"api\" | false",
        "Service != `api` | true",
        "ServiceID == \"web-1\" | true",
        "ServiceTags contains \"v2\" | true",
        "Service.Tags contains \"v3\" | false",
        "\"blue\" in ServiceTags | true",
        "\"red\" not in Tags | true",
        "ServiceTags not contains \"v2\" | false",
        "ServiceMeta.zone == \"eu-1\" | true",
        "Service.Meta.zone != \"eu-1\" | false",
        "Meta.missing is empty | true",
        "ServiceMeta is not empty | true",
        "\"team\" in ServiceMeta | true",
        "ServicePort == 8080 | true",
        "Service.Port == \"8081\" | false",
        "ServiceAddress matches \"^10\\.0\\.\" | true",
        "Node.Address not matches \"^192\" | true",
        "ServiceName == \"web\" and ServicePort == 8081 | false",
        "ServiceName == \"api\" or ServiceTags contains \"blue\" | true",
        "not (ServiceName == \"api\" or ServicePort == 1) | true",
        "not ServiceName == \"web\" | false",
        "(ServiceName == \"web\" and (Tags contains \"v2\" or Tags contains \"v9\")) and Meta.team == \"core\" | true",
    })
    void anExpressionSelectsOrNot(String expression, boolean expected) {
        assertThat(ServiceFilter.parse(expression).test(WEB)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Colour == \"red\" | Selector \"Colour\" is not valid",
        "ServiceName == | unexpected end",
        "ServiceName = \"web\" | unexpected =",
        "ServiceName like \"web\" | unknown operator like",
        "ServiceName == \"web | unterminated string",
        "(ServiceName == \"web\" | expected )",
        "ServiceName == \"web\" extra | unexpected extra",
        "ServiceName matches \"(\" | invalid regular expression",
        "ServiceTags is full | expected empty",
    })
    void aBadExpressionIsA400NamingTheProblem(String expression, String message) {
        assertThatThrownBy(() -> ServiceFilter.parse(expression)).isInstanceOfSatisfying(ConsulError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
