package io.cairn.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.config.DnsSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * Fuzz target for the DNS query parser and responder: a datagram or TCP message from anyone.
 * Contract: {@link DnsResponder#respond} never throws, completes at once over an in-memory
 * source, answers no query through its "unexpected failure" path, and what it answers is a DNS
 * message that parses and fits the transport's limit.
 */
class DnsQueryFuzzTest {

    private static final ServiceKey WEB = new ServiceKey("default", "web");
    private static final Map<ServiceKey, List<Instance>> CATALOG = Map.of(WEB, List.of(
            new Instance(WEB, "a", "10.0.0.1", 80, List.of("blue"), Map.of(), 100, Liveness.PERSISTENT, Health.PASSING),
            new Instance(WEB, "b", "2001:db8::2", 81, List.of(), Map.of(), 0, Liveness.PERSISTENT, Health.WARNING),
            new Instance(WEB, "c", "web-c.example.com", 82, List.of(), Map.of(), 5, Liveness.PERSISTENT,
                    Health.PASSING)));

    private final DnsResponder responder = new DnsResponder(
            key -> CompletableFuture.completedFuture(CATALOG.getOrDefault(key, List.of())),
            new DnsSettings(0, Duration.ofSeconds(5), false));

    @FuzzTest(maxDuration = "2m")
    void respondUdp(byte[] packet) throws IOException {
        check(packet, true, DnsResponder.MAX_UDP_PAYLOAD);
    }

    @FuzzTest(maxDuration = "1m")
    void respondTcp(byte[] packet) throws IOException {
        check(packet, false, DnsResponder.TCP_LIMIT);
    }

    private void check(byte[] packet, boolean udp, int limit) throws IOException {
        CompletableFuture<byte[]> answer = responder.respond(packet, udp);
        assertThat(answer).isCompleted();
        byte[] bytes = answer.join();
        assertThat(responder.failures()).as("answers through the unexpected-failure path").isZero();
        if (bytes != null) {
            assertThat(bytes.length).isLessThanOrEqualTo(limit);
            new Message(bytes);
        }
    }
}
