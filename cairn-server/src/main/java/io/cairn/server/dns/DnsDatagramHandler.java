package io.cairn.server.dns;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side: one datagram is one query, its answer goes back to the sender from the same
 * socket. Runs on the DNS socket's one Netty event loop. Answers ready at once (the local
 * replica's) are written without a flush and flushed together when Netty has read the burst of
 * datagrams it woke up for; answers that complete later (a peer's) are flushed on their own. A
 * sender over its query rate ({@link QueryRate}) is answered REFUSED without a catalog lookup.
 */
@ChannelHandler.Sharable
final class DnsDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(DnsDatagramHandler.class);

    private final DnsResponder responder;
    private final LongAdder queries;
    private final QueryRate rate;

    /** @param rate each sender's query rate: a query over it is answered REFUSED, unread */
    DnsDatagramHandler(DnsResponder responder, LongAdder queries, QueryRate rate) {
        this.responder = responder;
        this.queries = queries;
        this.rate = rate;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        queries.increment();
        InetSocketAddress sender = packet.sender();
        byte[] query = ByteBufUtil.getBytes(packet.content());
        if (!rate.admit(sender.getAddress())) {
            byte[] refused = responder.refuse(query, true);
            if (refused != null) {
                ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(refused), sender), ctx.voidPromise());
            }
            return;
        }
        responder.respond(query, true).whenComplete((answer, error) -> {
            if (error != null) {
                LOG.warn("event=dns-answer-failed sender={} error={}", sender, error.toString());
            } else if (answer != null) {
                DatagramPacket out = new DatagramPacket(Unpooled.wrappedBuffer(answer), sender);
                if (ctx.executor().inEventLoop()) {
                    ctx.write(out, ctx.voidPromise());
                } else {
                    ctx.writeAndFlush(out, ctx.voidPromise());
                }
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    /** A failed send (an ICMP port unreachable surfacing as an error, a full buffer) loses one answer, nothing more. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("event=dns-udp-error error={}", cause.toString());
    }
}
