package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.ServiceKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target for Consul's {@code ?filter=} expressions (the query string of anyone who reaches
 * the port). Contract: {@link ServiceFilter#parse} either gives a filter whose evaluation on any
 * instance ends, in bounded time and stack, with true, false or a 400 {@link ConsulError}, or
 * throws a 400 {@link ConsulError}; nothing else (a StackOverflowError from deep nesting, a
 * regular expression that backtracks for ever) may come out of it.
 */
class ServiceFilterFuzzTest {

    private static final ServiceKey WEB = new ServiceKey("default", "web");
    private static final List<Instance> INSTANCES = List.of(
            new Instance(WEB, "web-1", "10.0.0.1", 8080, List.of("blue", "v2"), Map.of("zone", "a", "version", "1.2"),
                    100, Liveness.PERSISTENT, Health.PASSING),
            new Instance(WEB, "web-2", "a".repeat(60) + ".example.com", 443, List.of(), Map.of("k", "a".repeat(1024)),
                    0, Liveness.PERSISTENT, Health.CRITICAL));

    @FuzzTest(maxDuration = "2m")
    void parseAndEvaluate(byte[] query) {
        String expression = new String(query, StandardCharsets.UTF_8);
        ServiceFilter filter;
        try {
            filter = ServiceFilter.parse(expression);
        } catch (ConsulError e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        for (Instance i : INSTANCES) {
            try {
                filter.test(i);
            } catch (ConsulError e) {
                assertThat(e.status()).isEqualTo(400);
            }
        }
    }
}
