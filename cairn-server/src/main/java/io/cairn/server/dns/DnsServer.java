package io.cairn.server.dns;

import io.cairn.server.cluster.Forwarder;
import io.cairn.server.cluster.PeerClient;
import io.cairn.server.config.DnsSettings;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS sockets of a node: one UDP socket and one TCP listener on the same port of the bind
 * address, on the node's Vert.x event loops. {@link #start} binds both (with port 0, a free port
 * that is free for both), {@link #close} releases them. Queries are answered by
 * {@link DnsResponder}; over TCP each message carries its two-byte length (RFC 1035 4.2.2), a
 * connection may send several and gets the answers as they are ready (RFC 7766 allows any
 * order), and a connection idle for {@value #TCP_IDLE_SECONDS} s is closed.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    static final int TCP_IDLE_SECONDS = 10;
    /** Tries at finding a port free for both UDP and TCP when asked for port 0. */
    private static final int FREE_PORT_TRIES = 10;

    private final Vertx vertx;
    private final String bind;
    private final DnsSettings settings;
    private final DnsResponder responder;
    private final LongAdder queries = new LongAdder();
    private DatagramSocket udp;
    private NetServer tcp;
    private int port = -1;

    /**
     * @param router the catalog of the partitions this node holds
     * @param forwarder knows the leader of a partition this node does not hold
     * @param peers asks that leader
     */
    public DnsServer(Vertx vertx, String bind, DnsSettings settings, PartitionRouter router, Forwarder forwarder,
            PeerClient peers) {
        this(vertx, bind, settings, new CatalogInstances(router, forwarder, peers));
    }

    DnsServer(Vertx vertx, String bind, DnsSettings settings, InstanceSource source) {
        this.vertx = vertx;
        this.bind = bind;
        this.settings = settings;
        this.responder = new DnsResponder(source, settings);
    }

    /**
     * Binds the UDP socket and the TCP listener; returns once both listen.
     *
     * @throws IOException when the port (or, for port 0, any port tried) is taken for either
     */
    public DnsServer start() throws IOException {
        int tries = settings.port() == 0 ? FREE_PORT_TRIES : 1;
        IOException last = null;
        for (int i = 0; i < tries; i++) {
            try {
                DatagramSocket socket = await(vertx.createDatagramSocket(new DatagramSocketOptions()
                        .setReceiveBufferSize(1 << 20)).handler(this::onDatagram).listen(settings.port(), bind));
                int bound = socket.localAddress().port();
                try {
                    tcp = await(vertx.createNetServer(new NetServerOptions().setHost(bind).setPort(bound)
                            .setTcpNoDelay(true).setIdleTimeout(TCP_IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS))
                            .connectHandler(s -> new DnsTcpConnection(s, responder, queries).start()).listen());
                } catch (IOException e) {
                    await(socket.close());
                    throw e;
                }
                udp = socket;
                port = bound;
                return this;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("could not listen for DNS on " + bind + ":" + settings.port() + " (UDP and TCP): "
                + last.getMessage(), last);
    }

    /** The bound port (UDP and TCP), or -1 before {@link #start}. */
    public int port() {
        return port;
    }

    /** Queries received (UDP and TCP) since start. */
    public long queries() {
        return queries.sum();
    }

    /** Queries answered SERVFAIL since start: their instances could not be had (no leader known, a peer silent). */
    public long failures() {
        return responder.failures();
    }

    /** One datagram, one query; the answer goes back to its sender from the same socket. */
    private void onDatagram(DatagramPacket packet) {
        queries.increment();
        SocketAddress sender = packet.sender();
        responder.respond(packet.data().getBytes(), true).whenComplete((answer, error) -> {
            if (error != null) {
                LOG.warn("event=dns-answer-failed sender={} error={}", sender, error.toString());
            } else if (answer != null) {
                udp.send(Buffer.buffer(answer), sender.port(), sender.hostAddress());
            }
        });
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("no answer from the event loop within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            if (udp != null) {
                await(udp.close());
            }
            if (tcp != null) {
                await(tcp.close());
            }
        } catch (IOException e) {
            LOG.warn("event=dns-close-failed error={}", e.getMessage());
        }
        udp = null;
        tcp = null;
    }
}
