package io.cairn.cli;

import static io.cairn.cli.CliRun.cairn;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cairn leave} while the cluster metadata is between leaders: a 503 is asked again within
 * {@code --wait}, any other refusal is not. A real node cannot be made to answer 503 on cue (it
 * does for a moment after the metadata leader leaves, as in ClusterLeaveTest), so a stand-in
 * HTTP server plays the node, answering with Cairn's JSON.
 */
class LeaveCommandTest {

    private HttpServer node;
    private final AtomicInteger leaveAsked = new AtomicInteger();
    /** How many leave requests are answered 503 before one is taken. */
    private volatile int unavailableFor;
    /** The answer after the 503s: 200, or a 409 refusal. */
    private volatile int finalStatus = 200;

    @BeforeEach
    void start() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/v1/status", x -> send(x, 200, "{\"version\":\"test\",\"node\":\"n1\",\"ready\":true,"
                + "\"partitionCount\":1,\"partitions\":[]}"));
        node.createContext("/v1/cluster/leave", x -> {
            int asked = leaveAsked.incrementAndGet();
            if (asked <= unavailableFor) {
                send(x, 503, "{\"error\":\"unavailable\",\"message\":\"the cluster metadata did not answer\"}");
            } else if (finalStatus == 409) {
                send(x, 409, "{\"error\":\"conflict\",\"message\":\"node n1 is the last member; a cluster needs one\"}");
            } else {
                send(x, 200, "{\"node\":\"n1\",\"state\":\"leaving\"}");
            }
        });
        // the member list no longer names n1 once the leave was taken
        node.createContext("/v1/cluster/members", x -> send(x, 200, "{\"epoch\":3,\"metaLeader\":\"n0\","
                + "\"partitionCount\":1,\"replication\":1,\"members\":[{\"id\":\"n0\",\"http\":\"127.0.0.1:1\","
                + "\"raft\":\"127.0.0.1:2\",\"state\":\"alive\",\"reachable\":true,\"held\":[0],\"led\":[0]}]}"));
        node.start();
    }

    @AfterEach
    void stop() {
        node.stop(0);
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private String address() {
        return "127.0.0.1:" + node.getAddress().getPort();
    }

    @Test
    void aLeaveAnsweredUnavailableIsAskedAgainWithinTheWait() {
        unavailableFor = 2;
        CliRun r = cairn("leave", "--address", address(), "--wait", "30");
        assertThat(r.code()).as("%s %s", r.out(), r.err()).isZero();
        assertThat(leaveAsked.get()).isEqualTo(3);
        assertThat(r.out()).contains("node n1 is leaving").contains("node n1 left the cluster");
    }

    @Test
    void withoutAWaitA503IsTheAnswer() {
        unavailableFor = 2;
        CliRun r = cairn("leave", "--address", address(), "--wait", "0");
        assertThat(r.code()).isEqualTo(Main.REFUSED);
        assertThat(leaveAsked.get()).isEqualTo(1);
        assertThat(r.err()).contains("metadata did not answer");
    }

    @Test
    void aRefusalIsNotAskedAgain() {
        finalStatus = 409;
        CliRun r = cairn("leave", "--address", address(), "--wait", "30");
        assertThat(r.code()).isEqualTo(Main.REFUSED);
        assertThat(leaveAsked.get()).isEqualTo(1);
        assertThat(r.err()).contains("last member");
    }
}
