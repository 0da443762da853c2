package dev.parley.server.http;

import dev.parley.server.signal.CloseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what the server queues for one connection: the first handler of the pipeline (nearest the
 * socket), so it sees every write of every handler after encoding.
 *
 * <ul>
 *   <li>While the connection is unwritable (more than the high water mark unsent), the server stops
 *       reading from it: a client that sends but does not read is throttled by TCP's own flow control
 *       instead of making the server queue one reply per request.</li>
 *   <li>A connection whose unsent bytes exceed {@code maxPendingBytes} anyway (replies and events queued
 *       faster than it reads) is closed at once, and everything queued for it is released.</li>
 * </ul>
 *
 * <p>Unsent bytes are the channel's own count ({@link ChannelOutboundBuffer#totalPendingWriteBytes()}): it
 * includes writes other threads have submitted but the event loop has not run yet, so
 * {@link #isOverBound(Channel)} is safe and meaningful from the SFU thread too.
 */
final class OutboundBackpressure extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(OutboundBackpressure.class);

    private final long maxPendingBytes;
    private final AtomicBoolean closing = new AtomicBoolean();

    OutboundBackpressure(long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    /**
     * The water marks for a bound: reading stops at a quarter of it and resumes at an eighth, so a client
     * that reads slowly but does read never comes near the bound.
     */
    static WriteBufferWaterMark waterMark(long maxPendingBytes) {
        int high = (int) Math.max(2, Math.min(Integer.MAX_VALUE, maxPendingBytes / 4));
        return new WriteBufferWaterMark(high / 2, high);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setWriteBufferWaterMark(waterMark(maxPendingBytes));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        closeIfOverBound(ctx.channel());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        boolean writable = ch.isWritable();
        ch.config().setAutoRead(writable);
        if (!writable) {
            closeIfOverBound(ch);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Bytes queued for {@code ch} and not yet written to its socket; 0 once closed. Any thread. */
    static long pendingBytes(Channel ch) {
        ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Whether {@code ch} holds more unsent bytes than allowed. Any thread. */
    boolean isOverBound(Channel ch) {
        return pendingBytes(ch) > maxPendingBytes;
    }

    /**
     * Closes {@code ch} if it is over the bound: one log line, a 1008 close frame for a WebSocket (which a
     * client that does not read will likely never see), then the connection closes without waiting.
     * Any thread; the close happens once.
     */
    void closeIfOverBound(Channel ch) {
        long pending = pendingBytes(ch);
        if (pending <= maxPendingBytes || !closing.compareAndSet(false, true)) {
            return;
        }
        log.info("closing connection {}: {} bytes unsent, over the limit of {} (limits.maxPendingWriteBytes): "
                + "the client does not read what it is sent", ch.remoteAddress(), pending, maxPendingBytes);
        ConnectionClose.atOnce(ch, CloseCode.POLICY_VIOLATION, "not reading: " + pending + " bytes unsent");
    }

    long maxPendingBytes() {
        return maxPendingBytes;
    }
}
