package io.cairn.server.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.TestServer;
import io.cairn.server.config.DnsSettings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The DNS interface of one real node on 127.0.0.1 (port 0), asked by dnsjava's
 * {@link SimpleResolver} over UDP and TCP, and by raw datagrams for what a resolver will not send.
 */
class DnsServerTest {

    @TempDir
    static Path dir;

    private static TestServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.config(dir, 4).withDns(new DnsSettings(0, Duration.ofSeconds(5), false)))
                .start();
        port = server.server().dnsPort();
        for (int i = 1; i <= 3; i++) {
            server.register("web", "web-" + i, Map.of("address", "10.0.0." + i, "port", 8000 + i,
                    "tags", i == 1 ? List.of("primary") : List.of("replica")));
        }
        server.register("web", "web-6", Map.of("address", "fd00::6", "port", 8006, "tags", List.of("v6")));
        server.register("web", "web-host", Map.of("address", "web.example.org", "port", 8007,
                "tags", List.of("named")));
        // Critical once its check has probed a port nobody listens on (refused at once).
        server.register("web", "web-sick", Map.of("address", "127.0.0.1", "port", 1, "tags", List.of("primary"),
                "checks", List.of(Map.of("type", "tcp", "interval", "1h"))));
        server.register("lonely", "sick", Map.of("address", "127.0.0.1", "port", 1,
                "checks", List.of(Map.of("type", "tcp", "interval", "1h"))));
        assertThat(server.put("/v1/services/web/instances/team-1?ns=team-a",
                TestServer.json(Map.of("address", "10.9.0.1", "port", 9001))).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> critical("web", "web-sick") && critical("lonely", "sick"));
        for (int i = 0; i < 60; i++) {
            server.register("crowd", "crowd-" + i, Map.of("address", "10.1." + (i / 200) + "." + (i % 200 + 1),
                    "port", 7000 + i));
        }
    }

    private static boolean critical(String service, String id) {
        return "critical".equals(server.get("/v1/services/" + service + "/instances/" + id).json().get("health").asText());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theStatusNamesTheDnsPortAndTheMetricsCountQueries() throws Exception {
        assertThat(server.get("/v1/status").json().get("dnsPort").asInt()).isEqualTo(port).isPositive();
        ask("web.service.consul.", Type.A);
        assertThat(server.get("/metrics").body()).containsPattern("cairn_dns_queries_total [1-9]")
                .contains("cairn_dns_failures_total 0.0");
    }

    @Test
    void aServiceNameAnswersTheAddressesOfItsHealthyInstances() throws Exception {
        Message answer = ask("web.service.consul.", Type.A);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(answer)).as("IPv4 only; not the host name, not the critical one")
                .containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(answer.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(5));
        assertThat(addresses(ask("web.service.consul.", Type.AAAA))).containsExactly("fd00:0:0:0:0:0:0:6");
    }

    @Test
    void namesAreCaseInsensitive() throws Exception {
        assertThat(addresses(ask("WEB.Service.CONSUL.", Type.A))).hasSize(3);
        assertThat(addresses(ask("PRIMARY.web.service.consul.", Type.A))).containsExactly("10.0.0.1");
    }

    @Test
    void aTagNarrowsTheAnswer() throws Exception {
        assertThat(addresses(ask("primary.web.service.consul.", Type.A))).containsExactly("10.0.0.1");
        assertThat(addresses(ask("replica.web.service.consul.", Type.A))).containsExactlyInAnyOrder("10.0.0.2",
                "10.0.0.3");
        assertNameError(ask("nosuchtag.web.service.consul.", Type.A));
    }

    @Test
    void srvGivesPortsTargetsAndTheTargetsAddresses() throws Exception {
        Message answer = ask("web.service.consul.", Type.SRV);
        Map<Integer, String> targets = answer.getSection(Section.ANSWER).stream().map(r -> (SRVRecord) r)
                .collect(Collectors.toMap(SRVRecord::getPort, r -> r.getTarget().toString()));
        assertThat(targets).containsOnly(Map.entry(8001, "0a000001.addr.consul."), Map.entry(8002, "0a000002.addr.consul."),
                Map.entry(8003, "0a000003.addr.consul."), Map.entry(8006, "fd000000000000000000000000000006.addr.consul."),
                Map.entry(8007, "web.example.org."));
        Map<String, String> additional = answer.getSection(Section.ADDITIONAL).stream()
                .filter(r -> r.getType() == Type.A || r.getType() == Type.AAAA)
                .collect(Collectors.toMap(r -> r.getName().toString(), DnsServerTest::address));
        assertThat(additional).containsOnly(Map.entry("0a000001.addr.consul.", "10.0.0.1"),
                Map.entry("0a000002.addr.consul.", "10.0.0.2"), Map.entry("0a000003.addr.consul.", "10.0.0.3"),
                Map.entry("fd000000000000000000000000000006.addr.consul.", "fd00:0:0:0:0:0:0:6"));
        // The target names resolve on their own too.
        assertThat(addresses(ask("0a000002.addr.consul.", Type.A))).containsExactly("10.0.0.2");
    }

    @Test
    void rfc2782NamesTakeTheTagAndTcpMeansAnyTag() throws Exception {
        assertThat(srvPorts(ask("_web._tcp.service.consul.", Type.SRV))).containsExactlyInAnyOrder(8001, 8002, 8003,
                8006, 8007);
        assertThat(srvPorts(ask("_web._primary.service.consul.", Type.SRV))).containsExactly(8001);
        assertThat(srvPorts(ask("_web._named.service.consul.", Type.SRV))).containsExactly(8007);
    }

    @Test
    void aNamespaceIsALabelBeforeNs() throws Exception {
        assertThat(addresses(ask("web.service.team-a.ns.consul.", Type.A))).containsExactly("10.9.0.1");
        assertThat(addresses(ask("web.service.default.ns.consul.", Type.A))).hasSize(3);
        assertNameError(ask("web.service.nobody.ns.consul.", Type.A));
    }

    @Test
    void unknownNamesAreNxdomainWithTheSoa() throws Exception {
        for (String name : List.of("nothing.service.consul.", "a.b.web.service.consul.", "web.node.consul.",
                "zzzzzzzz.addr.consul.", "bad..name_.service.consul.".replace("..", ".x."))) {
            assertNameError(ask(name, Type.A));
        }
    }

    @Test
    void aServiceWhoseInstancesAreAllCriticalIsNxdomain() throws Exception {
        assertNameError(ask("lonely.service.consul.", Type.A));
        assertThat(addresses(ask("primary.web.service.consul.", Type.A))).doesNotContain("127.0.0.1");
    }

    @Test
    void aTypeTheNameHasNoRecordsOfIsNoData() throws Exception {
        Message answer = ask("web.service.consul.", Type.MX);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void anyAnswersTheAddresses() throws Exception {
        Message answer = ask("web.service.consul.", Type.ANY);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(answer)).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "10.0.0.3",
                "fd00:0:0:0:0:0:0:6");
    }

    @Test
    void theApexHasItsSoa() throws Exception {
        Message answer = ask("consul.", Type.SOA);
        assertThat(answer.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void otherZonesAndClassesAreRefused() throws Exception {
        assertThat(ask("example.com.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
        assertThat(resolver(false).send(chaos).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void anotherOpcodeIsNotImplemented() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("web.service.consul."), Type.A, DClass.IN));
        query.getHeader().setOpcode(Opcode.STATUS);
        assertThat(rawExchange(query.toWire()).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void malformedPacketsGetFormerrOrNothingAndTheServerGoesOn() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("web.service.consul."), Type.A, DClass.IN));
        byte[] wire = query.toWire();
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 3); // the question ends mid-way
        Message formerr = rawExchange(cut);
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getID()).isEqualTo(query.getHeader().getID());
        byte[] noQuestion = java.util.Arrays.copyOf(wire, 12);
        noQuestion[5] = 0; // QDCOUNT 0
        assertThat(rawExchange(noQuestion).getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(rawExchange(new byte[] {1, 2, 3})).as("shorter than a header: no answer").isNull();
        byte[] response = wire.clone();
        response[2] |= (byte) 0x80; // QR: a response, never answered
        assertThat(rawExchange(response)).isNull();
        assertThat(addresses(ask("web.service.consul.", Type.A))).hasSize(3);
    }

    @Test
    void aLargeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        SimpleResolver plain = resolver(false);
        plain.setEDNS(-1); // no EDNS: the classic 512-byte limit
        Message udp = plain.send(query("crowd.service.consul.", Type.A));
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).as("as many as fit in 512 bytes").hasSizeBetween(1, 59);
        assertThat(udp.numBytes()).isLessThanOrEqualTo(512);
        Message tcp = resolverOver(true).send(query("crowd.service.consul.", Type.A));
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(60);
        assertThat(ask("crowd.service.consul.", Type.A).getSection(Section.ANSWER))
                .as("a resolver that retries over TCP on TC gets everything").hasSize(60);
        Message edns = resolver(false).send(query("crowd.service.consul.", Type.A));
        assertThat(edns.getHeader().getFlag(Flags.TC)).as("EDNS offers room for all 60").isFalse();
        assertThat(edns.getSection(Section.ANSWER)).hasSize(60);
        assertThat(edns.getOPT()).isNotNull();
        Message srvUdp = resolver(false).send(query("crowd.service.consul.", Type.SRV));
        assertThat(srvUdp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(srvUdp.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A).count())
                .as("every SRV sent has its address").isEqualTo(srvUdp.getSection(Section.ANSWER).size());
        Message srv = resolverOver(true).send(query("crowd.service.consul.", Type.SRV));
        assertThat(srv.getSection(Section.ANSWER)).hasSize(60);
        assertThat(srv.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A)).hasSize(60);
    }

    @Test
    void oneTcpConnectionCarriesSeveralQueriesAndSurvivesAMalformedOne() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            Message first = query("web.service.consul.", Type.A);
            Message second = query("crowd.service.consul.", Type.SRV);
            first.getHeader().setID(1);
            second.getHeader().setID(2);
            byte[] garbage = java.util.Arrays.copyOf(first.toWire(), 14); // a header and half a name
            for (byte[] m : List.of(first.toWire(), garbage, second.toWire())) {
                out.writeShort(m.length);
                out.write(m);
            }
            out.flush();
            List<Message> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] m = new byte[in.readUnsignedShort()];
                in.readFully(m);
                answers.add(new Message(m));
            }
            // Answers may come in any order (RFC 7766); the malformed one carries the first's id.
            assertThat(answers).filteredOn(a -> a.getRcode() == Rcode.FORMERR).singleElement()
                    .satisfies(a -> assertThat(a.getHeader().getID()).isEqualTo(first.getHeader().getID()));
            assertThat(answers).filteredOn(a -> a.getRcode() == Rcode.NOERROR
                    && a.getHeader().getID() == first.getHeader().getID()).singleElement()
                    .satisfies(a -> assertThat(addresses(a)).hasSize(3));
            assertThat(answers).filteredOn(a -> a.getHeader().getID() == second.getHeader().getID()).singleElement()
                    .satisfies(a -> assertThat(a.getSection(Section.ANSWER)).as("no truncation over TCP").hasSize(60));
            out.writeShort(0); // a zero length ends the connection
            out.flush();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void answersAreShuffledPerQuery() throws Exception {
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 30 && firsts.size() < 2; i++) {
            firsts.add(addresses(resolverOver(true).send(query("crowd.service.consul.", Type.A))).get(0));
        }
        assertThat(firsts).hasSizeGreaterThan(1);
    }

    private static void assertNameError(Message answer) {
        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
        assertThat(answer.getSection(Section.AUTHORITY).get(0).getName()).isEqualTo(Name.fromConstantString("consul."));
    }

    private static Message ask(String name, int type) throws IOException {
        return resolver(true).send(query(name, type));
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    /** A UDP resolver that retries over TCP on TC when {@code followTruncation}, else returns the truncated answer. */
    private static SimpleResolver resolver(boolean followTruncation) {
        SimpleResolver r = resolverOver(false);
        r.setIgnoreTruncation(!followTruncation);
        return r;
    }

    private static SimpleResolver resolverOver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    /** Sends bytes as one datagram; the answer, or null when none comes within 500 ms. */
    private static Message rawExchange(byte[] packet) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(500);
            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[4096];
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return new Message(java.util.Arrays.copyOf(buffer, in.getLength()));
        }
    }

    private static List<String> addresses(Message answer) {
        return answer.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A || r.getType() == Type.AAAA)
                .map(DnsServerTest::address).toList();
    }

    private static String address(Record r) {
        return r instanceof ARecord a ? a.getAddress().getHostAddress() : ((AAAARecord) r).getAddress().getHostAddress();
    }

    private static List<Integer> srvPorts(Message answer) {
        return answer.getSection(Section.ANSWER).stream().map(r -> ((SRVRecord) r).getPort()).toList();
    }
}
