package io.cairn.server.dns;

import io.cairn.core.acl.Grant;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.cluster.PeerClient;
import io.cairn.server.config.DnsSettings;
import io.cairn.server.partition.PartitionRouter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.cairn.api.time.Ticker;
import io.cairn.server.limit.ClientShares;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.io.IOException;
import java.util.function.Supplier;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS sockets of a node: one UDP socket and one TCP listener on the same port of the bind
 * address. {@link #start} binds both (with port 0, a free port that is free for both),
 * {@link #close} releases them. The UDP socket has its own Netty event loop thread
 * ({@code cairn-dns-udp}), so DNS queries and HTTP requests never queue behind each other, and a
 * burst of datagrams costs one flush (Vert.x's datagram socket resolves the sender's address and
 * flushes per answer: five times the CPU per query); TCP, rare and connection-bound, uses the
 * node's Vert.x event loops. Queries are answered by {@link DnsResponder}; over TCP each message carries its two-byte length (RFC 1035 4.2.2), a
 * connection may send several and gets the answers as they are ready (RFC 7766 allows any
 * order), a connection idle for {@value #TCP_IDLE_SECONDS} s between messages is closed, and so
 * is one whose message does not arrive whole within {@code dns-tcp-query-timeout}
 * ({@link DnsTcpConnection}).
 *
 * <p>Per client address (docs/security.md, "Limits"): at most {@code dns-max-tcp-per-client} open
 * TCP connections (one more is closed at once, unanswered), and {@code dns-rate-limit} queries a
 * second over UDP and TCP together ({@link QueryRate}; over it, REFUSED).
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
    private final QueryRate rate;
    private final ClientShares tcpClients;
    private final LongAdder queries = new LongAdder();
    private EventLoopGroup udpLoop;
    private Channel udp;
    private NetServer tcp;
    private int port = -1;

    /**
     * @param router the catalog of the partitions this node holds
     * @param forwarder knows the leader of a partition this node does not hold
     * @param peers asks that leader
     * @param grant what anonymous lookups may read now (access control's DNS policy)
     * @param ticker the clock of the per-client query rate
     */
    public DnsServer(Vertx vertx, String bind, DnsSettings settings, PartitionRouter router, Forwarder forwarder,
            PeerClient peers, Supplier<Grant> grant, Ticker ticker) {
        this(vertx, bind, settings, new PermittedInstances(new CatalogInstances(router, forwarder, peers), grant),
                ticker);
    }

    DnsServer(Vertx vertx, String bind, DnsSettings settings, InstanceSource source, Ticker ticker) {
        this.vertx = vertx;
        this.bind = bind;
        this.settings = settings;
        this.responder = new DnsResponder(source, settings);
        this.rate = new QueryRate(settings.queriesPerSecond(), settings.queryBurst(), ticker);
        this.tcpClients = new ClientShares(settings.tcpPerClient());
    }

    /**
     * Binds the UDP socket and the TCP listener; returns once both listen.
     *
     * @throws IOException when the port (or, for port 0, any port tried) is taken for either
     */
    public DnsServer start() throws IOException {
        udpLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cairn-dns-udp", true),
                NioIoHandler.newFactory());
        DnsDatagramHandler handler = new DnsDatagramHandler(responder, queries, rate);
        int tries = settings.port() == 0 ? FREE_PORT_TRIES : 1;
        IOException last = null;
        for (int i = 0; i < tries; i++) {
            Channel socket = null;
            try {
                socket = bindUdp(handler);
                int bound = ((InetSocketAddress) socket.localAddress()).getPort();
                tcp = await(vertx.createNetServer(new NetServerOptions().setHost(bind).setPort(bound)
                        .setTcpNoDelay(true).setIdleTimeout(TCP_IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS))
                        .connectHandler(this::accept).listen());
                udp = socket;
                port = bound;
                return this;
            } catch (IOException e) {
                if (socket != null) {
                    socket.close().awaitUninterruptibly();
                }
                last = e;
            }
        }
        close();
        throw new IOException("could not listen for DNS on " + bind + ":" + settings.port() + " (UDP and TCP): "
                + last.getMessage(), last);
    }

    /** A new TCP connection: served when its address holds fewer than its share, else closed at once. */
    private void accept(NetSocket socket) {
        String address = socket.remoteAddress().hostAddress();
        InetAddress client;
        try {
            client = InetAddress.getByName(address); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            socket.close();
            return;
        }
        if (!tcpClients.acquire(address)) {
            socket.close();
            return;
        }
        new DnsTcpConnection(socket, responder, queries, rate, client, settings.tcpQueryTimeout())
                .start(() -> tcpClients.release(address));
    }

    private Channel bindUdp(DnsDatagramHandler handler) throws IOException {
        ChannelFuture bound = new Bootstrap().group(udpLoop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 1 << 20).option(ChannelOption.SO_SNDBUF, 1 << 20)
                .handler(handler).bind(bind, settings.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException(bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
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
        if (udp != null) {
            udp.close().awaitUninterruptibly();
        }
        if (udpLoop != null) {
            udpLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        try {
            if (tcp != null) {
                await(tcp.close());
            }
        } catch (IOException e) {
            LOG.warn("event=dns-close-failed error={}", e.getMessage());
        }
        udp = null;
        udpLoop = null;
        tcp = null;
    }
}
