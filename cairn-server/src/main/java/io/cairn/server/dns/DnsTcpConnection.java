package io.cairn.server.dns;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.concurrent.atomic.LongAdder;

/**
 * One DNS-over-TCP connection: reads messages framed by a two-byte length, answers each as soon
 * as it is ready (in any order, RFC 7766), and stops reading while the answers it has not yet
 * sent pass {@value #MAX_PENDING} (a client that sends without reading cannot make the server
 * buffer without bound). A length of 0 closes the connection. All state is touched on the
 * connection's event loop only.
 */
final class DnsTcpConnection {

    static final int MAX_PENDING = 64;

    private final NetSocket socket;
    private final DnsResponder responder;
    private final LongAdder queries;
    private final RecordParser parser = RecordParser.newFixed(2);
    private final Context context;
    private boolean readingLength = true;
    private int pending;
    private boolean paused;

    DnsTcpConnection(NetSocket socket, DnsResponder responder, LongAdder queries) {
        this.socket = socket;
        this.responder = responder;
        this.queries = queries;
        this.context = Vertx.currentContext();
    }

    void start() {
        parser.handler(this::onRecord);
        socket.handler(parser);
        socket.drainHandler(v -> resumeIfRoom());
    }

    private void onRecord(Buffer record) {
        if (readingLength) {
            int length = record.getUnsignedShort(0);
            if (length == 0) {
                socket.close();
                return;
            }
            readingLength = false;
            parser.fixedSizeMode(length);
            return;
        }
        readingLength = true;
        parser.fixedSizeMode(2);
        queries.increment();
        pending++;
        if (pending >= MAX_PENDING && !paused) {
            paused = true;
            socket.pause();
        }
        responder.respond(record.getBytes(), false).whenComplete((answer, error) -> {
            if (Vertx.currentContext() == context) {
                sent(answer);
            } else {
                context.runOnContext(v -> sent(answer));
            }
        });
    }

    /** On the connection's loop: writes an answer (none for a failure or a query without one). */
    private void sent(byte[] answer) {
        pending--;
        if (answer != null) {
            Buffer framed = Buffer.buffer(answer.length + 2).appendUnsignedShort(answer.length).appendBytes(answer);
            socket.write(framed);
            if (socket.writeQueueFull() && !paused) {
                paused = true;
                socket.pause();
            }
        }
        resumeIfRoom();
    }

    private void resumeIfRoom() {
        if (paused && pending < MAX_PENDING && !socket.writeQueueFull()) {
            paused = false;
            socket.resume();
        }
    }
}
