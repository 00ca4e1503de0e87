package io.cairn.server.dns;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * One DNS-over-TCP connection: reads messages framed by a two-byte length, answers each as soon
 * as it is ready (in any order, RFC 7766), and stops reading while the answers it has not yet
 * sent pass {@value #MAX_PENDING} (a client that sends without reading cannot make the server
 * buffer without bound). A length of 0 closes the connection.
 *
 * <p>Slow senders: each message must arrive whole within {@code dns-tcp-query-timeout} of its
 * first byte (the first message: of the connection's opening). The deadline is armed when a
 * message begins and disarmed when it is complete, never pushed back by the bytes in between, so
 * a client trickling a byte at a time is closed at the deadline (the listener's idle timeout,
 * which every byte resets, only closes connections that send nothing between messages). While
 * this side has stopped reading (answers pending) the deadline is off: the wait is ours.
 *
 * <p>Queries over the client address's rate ({@link QueryRate}) are answered REFUSED.
 *
 * <p>All state is touched on the connection's event loop only.
 */
final class DnsTcpConnection {

    static final int MAX_PENDING = 64;

    private final NetSocket socket;
    private final DnsResponder responder;
    private final LongAdder queries;
    private final QueryRate rate;
    private final InetAddress client;
    private final Duration queryTimeout;
    private final RecordParser parser = RecordParser.newFixed(2);
    private final Context context;
    private boolean readingLength = true;
    private int pending;
    private boolean paused;
    /** Bytes received, and bytes the parser has handed on as lengths and messages. */
    private long received;
    private long consumed;
    /** The timer of the message in progress, or -1. */
    private long deadline = -1;

    /**
     * @param client the peer's address, for its query rate
     * @param queryTimeout how long one message may take to arrive whole
     */
    DnsTcpConnection(NetSocket socket, DnsResponder responder, LongAdder queries, QueryRate rate, InetAddress client,
            Duration queryTimeout) {
        this.socket = socket;
        this.responder = responder;
        this.queries = queries;
        this.rate = rate;
        this.client = client;
        this.queryTimeout = queryTimeout;
        this.context = Vertx.currentContext();
    }

    /** Starts reading; {@code onClose} runs once when the connection is closed, by either side. */
    void start(Runnable onClose) {
        parser.handler(this::onRecord);
        socket.handler(this::onBytes);
        socket.drainHandler(v -> resumeIfRoom());
        socket.closeHandler(v -> {
            disarm();
            onClose.run();
        });
        arm();
    }

    private void onBytes(Buffer bytes) {
        received += bytes.length();
        parser.handle(bytes);
        if (received == consumed) {
            disarm();
        } else if (!paused) {
            arm(); // a message has begun (a no-op while one is already in progress)
        }
    }

    private void onRecord(Buffer record) {
        consumed += record.length();
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
        disarm();
        queries.increment();
        pending++;
        if (pending >= MAX_PENDING && !paused) {
            pause();
        }
        byte[] query = record.getBytes();
        if (!rate.admit(client)) {
            sent(responder.refuse(query, false));
            return;
        }
        responder.respond(query, false).whenComplete((answer, error) -> {
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
                pause();
            }
        }
        resumeIfRoom();
    }

    private void pause() {
        paused = true;
        socket.pause();
        disarm();
    }

    private void resumeIfRoom() {
        if (paused && pending < MAX_PENDING && !socket.writeQueueFull()) {
            paused = false;
            socket.resume();
            if (received != consumed) {
                arm();
            }
        }
    }

    private void arm() {
        if (deadline < 0) {
            deadline = context.owner().setTimer(Math.max(1, queryTimeout.toMillis()), id -> {
                deadline = -1;
                socket.close();
            });
        }
    }

    private void disarm() {
        if (deadline >= 0) {
            context.owner().cancelTimer(deadline);
            deadline = -1;
        }
    }
}
