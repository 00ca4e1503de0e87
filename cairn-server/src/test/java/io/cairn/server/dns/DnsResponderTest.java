package io.cairn.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.config.DnsSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What the responder answers, over a map of instances instead of a catalog: no sockets, no Raft. */
class DnsResponderTest {

    private final Map<ServiceKey, List<Instance>> catalog = new HashMap<>();
    private final InstanceSource source = key -> CompletableFuture.completedFuture(catalog.getOrDefault(key, List.of()));

    @Test
    void warningInstancesAreAnsweredUnlessOnlyPassingIsSet() throws Exception {
        put("api", instance("api", "a", "10.0.0.1", Health.PASSING), instance("api", "b", "10.0.0.2", Health.WARNING),
                instance("api", "c", "10.0.0.3", Health.CRITICAL));
        assertThat(answer(responder(false), "api.service.consul.", Type.A, true).getSection(Section.ANSWER)).hasSize(2);
        assertThat(answer(responder(true), "api.service.consul.", Type.A, true).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void aServiceNameInAnotherCaseIsFoundInLowerCase() throws Exception {
        put("billing", instance("billing", "a", "10.0.0.1", Health.PASSING));
        put("Billing", instance("Billing", "a", "10.0.0.2", Health.PASSING));
        assertThat(answer(responder(false), "BILLING.service.consul.", Type.A, true).getSection(Section.ANSWER))
                .singleElement().extracting(Record::rdataToString).isEqualTo("10.0.0.1");
        assertThat(answer(responder(false), "Billing.service.consul.", Type.A, true).getSection(Section.ANSWER))
                .singleElement().extracting(Record::rdataToString).isEqualTo("10.0.0.2");
    }

    @Test
    void aTruncatedAnswerCarriesAsManyRecordsAsFit() throws Exception {
        List<Instance> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(instance("big", "i" + i, "10.2." + i / 250 + "." + (i % 250 + 1), Health.PASSING));
        }

        put("big", many.toArray(new Instance[0]));
        byte[] udp = responder(false).respond(query("big.service.consul.", Type.A).toWire(), true).get();
        Message m = new Message(udp);
        assertThat(udp.length).isLessThanOrEqualTo(512);
        assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
        // 12 header + 24 question + 16 per A record (compressed owner): 29 records fit in 512
        // bytes; dnsjava keeps 11 of them for an OPT record, which leaves room for 28.
        assertThat(m.getSection(Section.ANSWER)).hasSizeBetween(28, 29);
        Message tcp = new Message(responder(false).respond(query("big.service.consul.", Type.A).toWire(), false).get());
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(100);
    }

    @Test
    void aFailingSourceIsServfail() throws Exception {
        DnsResponder failing = new DnsResponder(key -> CompletableFuture.failedFuture(new IllegalStateException("x")),
                new DnsSettings(0, Duration.ZERO, false));
        Message m = new Message(failing.respond(query("api.service.consul.", Type.A).toWire(), true).get());
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    /**
     * Ten thousand damaged copies of good queries (bytes flipped, cut, grown): each gets a
     * parseable answer or none, never an exception.
     */
    @Test
    void damagedPacketsNeverBreakTheResponder() throws Exception {
        put("api", instance("api", "a", "10.0.0.1", Health.PASSING), instance("api", "b", "fd00::2", Health.PASSING));
        DnsResponder responder = responder(false);
        java.util.Random random = new java.util.Random(15);
        List<byte[]> good = List.of(query("api.service.consul.", Type.SRV).toWire(),
                query("_api._tcp.service.default.ns.consul.", Type.A).toWire(), query("consul.", Type.SOA).toWire());
        int answered = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] packet = good.get(random.nextInt(good.size())).clone();
            switch (random.nextInt(3)) {
                case 0 -> {
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length));
                default -> {
                    packet = java.util.Arrays.copyOf(packet, packet.length + 1 + random.nextInt(64));
                    packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                }
            }
            byte[] out = responder.respond(packet, random.nextBoolean()).get();
            if (out != null) {
                Message m = new Message(out);
                assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
                answered++;
            }
        }
        assertThat(answered).as("most damaged queries still get an answer").isGreaterThan(5_000);
    }

    @Test
    void anUnexpectedFailureIsServfailNotASilence() throws Exception {
        DnsResponder broken = new DnsResponder(key -> {
            throw new IllegalStateException("a bug");
        }, new DnsSettings(0, Duration.ZERO, false));
        Message m = new Message(broken.respond(query("api.service.consul.", Type.A).toWire(), true).get());
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(broken.failures()).isEqualTo(1);
    }

    private Message answer(DnsResponder responder, String name, int type, boolean udp) throws Exception {
        return new Message(responder.respond(query(name, type).toWire(), udp).get());
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private DnsResponder responder(boolean onlyPassing) {
        return new DnsResponder(source, new DnsSettings(0, Duration.ZERO, onlyPassing));
    }

    private void put(String service, Instance... instances) {
        catalog.put(new ServiceKey("default", service), List.of(instances));
    }

    private static Instance instance(String service, String id, String address, Health health) {
        return new Instance(new ServiceKey("default", service), id, address, 80, List.of(), Map.of(), 1,
                Liveness.PERSISTENT, health);
    }
}
