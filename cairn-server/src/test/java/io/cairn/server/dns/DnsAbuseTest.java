package io.cairn.server.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.TestServer;
import io.cairn.server.config.DnsSettings;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DNS clients that abuse a real node (docs/security.md, "Limits"), each from its own loopback
 * address (127.0.0.2 and up; Linux routes all of 127/8 to the loopback interface), while a
 * well-behaved client on 127.0.0.1 is answered throughout: a TCP client trickling a message a
 * byte at a time is closed at the message deadline however steadily it sends, an address holding
 * its share of TCP connections gets its next one closed at once, and an address flooding queries
 * past its rate is answered REFUSED (UDP and TCP) while other addresses are answered.
 */
class DnsAbuseTest {

    private static final int RATE = 50;
    private static final int BURST = 50;
    private static final Duration QUERY_TIMEOUT = Duration.ofMillis(500);
    private static final int TCP_PER_CLIENT = 2;

    @TempDir
    static Path dir;

    private static TestServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.config(dir, 2).withDns(new DnsSettings(0, Duration.ofSeconds(5), false)
                .withClientLimits(RATE, BURST, TCP_PER_CLIENT, QUERY_TIMEOUT))).start();
        port = server.server().dnsPort();
        server.register("web", "web-1", Map.of("address", "10.0.0.1", "port", 8001));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aTricklingTcpClientIsClosedAtTheDeadlineWhileOthersAreAnswered() throws Exception {
        byte[] query = framed(query(7, "web.service.consul."));
        AtomicInteger sent = new AtomicInteger();
        long opened;
        try (Socket slow = connect("127.0.0.2")) {
            opened = System.nanoTime();
            // The abuser: one byte every 100 ms (the whole message would take over 3 s), each of
            // which would reset an idle timer.
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    for (byte b : query) {
                        out.write(b);
                        out.flush();
                        sent.incrementAndGet();
                        Thread.sleep(100);
                    }
                } catch (IOException e) {
                    // closed by the server: what the test waits for
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Meanwhile a client on another address is answered, over TCP and UDP.
            assertThat(addresses(resolver(true).send(query(8, "web.service.consul.")))).containsExactly("10.0.0.1");
            assertThat(addresses(resolver(false).send(query(9, "web.service.consul.")))).containsExactly("10.0.0.1");
            slow.setSoTimeout(5_000);
            assertThat(slow.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
            assertThat(closedAfter).as("closed at the deadline, not pushed back by the trickle")
                    .isBetween(QUERY_TIMEOUT.toMillis() - 50, 3_000L);
            assertThat(sent.get()).as("it was still sending").isGreaterThan(1).isLessThan(query.length);
            trickle.get(10, TimeUnit.SECONDS);
        }
        // A message that arrives whole in time is answered on a connection that sat idle before it.
        try (Socket quick = connect("127.0.0.2")) {
            quick.getOutputStream().write(framed(query(10, "web.service.consul.")));
            Message answer = readFramed(quick);
            assertThat(answer.getHeader().getID()).isEqualTo(10);
            assertThat(addresses(answer)).containsExactly("10.0.0.1");
        }
    }

    @Test
    void anAddressHoldingItsShareOfTcpConnectionsGetsTheNextOneClosed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < TCP_PER_CLIENT; i++) {
                Socket s = connect("127.0.0.3");
                // Each is served: a query answered proves the server took the connection.
                s.getOutputStream().write(framed(query(20 + i, "web.service.consul.")));
                assertThat(readFramed(s).getHeader().getID()).isEqualTo(20 + i);
                held.add(s);
            }
            try (Socket extra = connect("127.0.0.3")) {
                extra.setSoTimeout(5_000);
                assertThat(extra.getInputStream().read()).as("closed at once").isEqualTo(-1);
            }
            assertThat(addresses(resolver(true).send(query(30, "web.service.consul.")))).containsExactly("10.0.0.1");
            // A connection given back makes room for a new one.
            held.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                try (Socket again = connect("127.0.0.3")) {
                    again.getOutputStream().write(framed(query(31, "web.service.consul.")));
                    return readFramed(again).getHeader().getID() == 31;
                } catch (IOException e) {
                    return false;
                }
            });
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aFloodingAddressIsRefusedWhileAnotherIsAnswered() throws Exception {
        int flood = BURST * 4;
        int refused = 0;
        int answered = 0;
        try (DatagramSocket abuser = new DatagramSocket(new InetSocketAddress("127.0.0.4", 0))) {
            abuser.setSoTimeout(2_000);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            for (int i = 0; i < flood; i++) {
                byte[] q = query(1000 + i, "web.service.consul.").toWire();
                abuser.send(new DatagramPacket(q, q.length, target));
            }
            // Every query gets an answer with its own id: NOERROR within the burst, REFUSED past it.
            for (int i = 0; i < flood; i++) {
                DatagramPacket in = new DatagramPacket(new byte[512], 512);
                try {
                    abuser.receive(in);
                } catch (SocketTimeoutException e) {
                    break; // a datagram the kernel dropped: counted as neither
                }
                Message m = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                assertThat(m.getHeader().getID()).isBetween(1000, 1000 + flood - 1);
                if (m.getRcode() == Rcode.REFUSED) {
                    assertThat(m.getSection(Section.ANSWER)).isEmpty();
                    assertThat(m.getQuestion().getName().toString()).isEqualTo("web.service.consul.");
                    refused++;
                } else {
                    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
                    answered++;
                }
            }
            assertThat(answered).as("the burst is answered").isBetween(1, BURST + RATE);
            assertThat(refused).as("the rest refused").isGreaterThanOrEqualTo(flood / 2);
            // The same bucket over TCP: a burst of queries on one connection, past what refilled
            // since, is refused too (each answer framed, with its query's id).
            try (Socket tcp = connect("127.0.0.4")) {
                java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < BURST; i++) {
                    burst.write(framed(query(5000 + i, "web.service.consul.")));
                }
                tcp.getOutputStream().write(burst.toByteArray());
                int tcpRefused = 0;
                for (int i = 0; i < BURST; i++) {
                    Message m = readFramed(tcp);
                    assertThat(m.getHeader().getID()).isBetween(5000, 5000 + BURST - 1);
                    tcpRefused += m.getRcode() == Rcode.REFUSED ? 1 : 0;
                }
                assertThat(tcpRefused).isGreaterThanOrEqualTo(BURST / 2);
            }
        }
        // Another address is answered meanwhile.
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress("127.0.0.5", 0))) {
            other.setSoTimeout(5_000);
            byte[] q = query(77, "web.service.consul.").toWire();
            other.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket in = new DatagramPacket(new byte[512], 512);
            other.receive(in);
            Message m = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
            assertThat(m.getHeader().getID()).isEqualTo(77);
            assertThat(addresses(m)).containsExactly("10.0.0.1");
        }
        assertThat(addresses(resolver(false).send(query(78, "web.service.consul.")))).containsExactly("10.0.0.1");
    }

    private static Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static Message query(int id, String name) throws IOException {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, org.xbill.DNS.DClass.IN));
        m.getHeader().setID(id);
        return m;
    }

    private static byte[] framed(Message m) {
        byte[] wire = m.toWire();
        byte[] out = new byte[wire.length + 2];
        out[0] = (byte) (wire.length >> 8);
        out[1] = (byte) wire.length;
        System.arraycopy(wire, 0, out, 2, wire.length);
        return out;
    }

    private static Message readFramed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        DataInputStream data = new DataInputStream(in);
        int length = data.readUnsignedShort();
        byte[] body = new byte[length];
        data.readFully(body);
        return new Message(body);
    }

    private static SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    private static List<String> addresses(Message m) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r.getType() == Type.A) {
                out.add(r.rdataToString());
            }
        }
        return out;
    }
}
