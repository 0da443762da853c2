package dev.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICE-TCP connection (RFC 6544, passive side): RFC 4571 frames in and out. Until a transport accepts a
 * valid ICE check on it, only STUN is read, each request routed by its ufrag, and the connection has
 * {@link IceTcpLimits#checkTimeout()} to get there; afterwards every frame goes to that transport.
 * Runs on the media loop, which owns the transports.
 */
final class IceTcpConnection extends ChannelInboundHandlerAdapter implements StreamPath {
    private static final Logger log = LoggerFactory.getLogger(IceTcpConnection.class);

    private final IceTcpPort port;
    private final Rfc4571Framer framer = new Rfc4571Framer();
    private ChannelHandlerContext ctx;
    private InetSocketAddress remote;
    private MuxedTransport owner;
    private ScheduledFuture<?> checkDeadline;
    private boolean closed;

    IceTcpConnection(IceTcpPort port) {
        this.port = port;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.remote = (InetSocketAddress) ctx.channel().remoteAddress();
        checkDeadline = ctx.executor().schedule(() -> {
            if (owner == null) {
                port.countCheckTimeout();
                log.debug("ICE-TCP connection from {} sent no valid ICE check in time", remote);
                close();
            }
        }, port.limits().checkTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (!closed && !framer.feed(in, this::onFrame)) {
                close();
            }
        } finally {
            in.release();
        }
    }

    private boolean onFrame(byte[] buf, int off, int len) {
        if (closed) {
            return false;
        }
        PacketKind kind = PacketKind.of(buf[off]);
        MuxedTransport to = owner;
        if (to == null) {
            // RFC 6544 §7.2: the first thing on a passive connection is the peer's connectivity check.
            to = kind == PacketKind.STUN ? port.mux().transportForStun(buf, off, len) : null;
            if (to == null) {
                port.countUnrouted();
                return false;
            }
        } else if (kind == PacketKind.UNKNOWN) {
            return true;
        }
        try {
            to.onStreamPacket(kind, buf, off, len, this);
        } catch (RuntimeException e) {
            log.error("transport failed on a {} frame from {}", kind, remote, e);
        }
        return !closed;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (checkDeadline != null) {
            checkDeadline.cancel(false);
        }
        if (owner != null) {
            owner.onStreamClosed(this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Error) {
            port.fatal(cause);
        } else {
            log.debug("ICE-TCP connection from {} failed: {}", remote, cause.toString());
        }
        close();
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public String protocol() {
        return "tcp";
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed || len > 0xFFFF) {
            return;
        }
        if (!ctx.channel().isWritable()) {
            // The peer reads slower than media arrives: drop, as a full UDP path would (bounded memory).
            port.countWriteDrop();
            return;
        }
        ByteBuf out = ctx.alloc().directBuffer(2 + len);
        out.writeShort(len); // RFC 4571 §2
        out.writeBytes(buf, off, len);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    @Override
    public void claim(MuxedTransport transport) {
        if (owner == null) {
            owner = transport;
            checkDeadline.cancel(false);
            log.debug("ICE-TCP connection from {} carries a transport", remote);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ctx.close();
        }
    }
}
