package dev.parley.server.http;

import dev.parley.server.signal.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terms of a WebSocket that has not joined a room yet: it must join within {@code joinTimeout}
 * (else close code 4004 {@link CloseCode#JOIN_TIMEOUT}; heartbeats do not extend it), and may send at most
 * {@link #MAX_BYTES_BEFORE_JOIN} bytes before it does (else 1008), so that an anonymous socket holds
 * neither a connection nor a large partial frame for long.
 *
 * <p>Added in front of the WebSocket frame decoder when the upgrade completes, so it counts raw bytes,
 * including those of a frame that is still incomplete. {@link #joined()} may be called from any thread
 * (the SFU thread); once joined, the handler removes itself.
 */
final class JoinDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(JoinDeadline.class);
    /** Room for a join request (its UserSig is well under 1 KiB) and anything a client sends with it. */
    static final int MAX_BYTES_BEFORE_JOIN = 128 * 1024;

    private static final int WAITING = 0;
    private static final int JOINED = 1;
    private static final int ENDED = 2;

    private final Duration joinTimeout;
    private final Runnable onJoined;
    private final LogThrottle timeoutLog;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile ChannelHandlerContext ctx;
    private long bytesBeforeJoin; // event loop only
    private ScheduledFuture<?> timer; // event loop only

    /** @param onJoined run once, on the thread that reports the join */
    JoinDeadline(Duration joinTimeout, Runnable onJoined, LogThrottle timeoutLog) {
        this.joinTimeout = joinTimeout;
        this.onJoined = onJoined;
        this.timeoutLog = timeoutLog;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (state.get() == WAITING) {
            timer = ctx.executor().schedule(this::expire, joinTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } else {
            ctx.pipeline().remove(this); // joined before this was even added
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        int s = state.get();
        if (s == ENDED) {
            ReferenceCountUtil.release(msg); // closing: nothing more is decoded
            return;
        }
        if (s == WAITING && msg instanceof ByteBuf buf) {
            bytesBeforeJoin += buf.readableBytes();
            if (bytesBeforeJoin > MAX_BYTES_BEFORE_JOIN && state.compareAndSet(WAITING, ENDED)) {
                ReferenceCountUtil.release(msg);
                cancel();
                log.info("closing WebSocket {}: {} bytes sent without joining a room (at most {})",
                        ctx.channel().remoteAddress(), bytesBeforeJoin, MAX_BYTES_BEFORE_JOIN);
                ConnectionClose.withReason(ctx.channel(), CloseCode.POLICY_VIOLATION,
                        "more than " + MAX_BYTES_BEFORE_JOIN + " bytes before joining a room");
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    /** The WebSocket's session joined a room. Any thread. */
    void joined() {
        if (!state.compareAndSet(WAITING, JOINED)) {
            return; // already joined, or already closing for the timeout
        }
        onJoined.run();
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.executor().execute(() -> {
                if (!c.isRemoved()) {
                    c.pipeline().remove(this);
                }
            });
        }
    }

    boolean hasJoined() {
        return state.get() == JOINED;
    }

    private void expire() {
        if (!state.compareAndSet(WAITING, ENDED)) {
            return;
        }
        InetAddress client = ConnectionLimiter.addressKey(ConnectionLimiter.addressOf(ctx.channel()));
        if (timeoutLog.admit(client).isPresent()) {
            log.info("closing WebSocket {}: no room joined within {} ms (limits.joinTimeoutSeconds)",
                    ctx.channel().remoteAddress(), joinTimeout.toMillis());
        }
        ConnectionClose.withReason(ctx.channel(), CloseCode.JOIN_TIMEOUT,
                "no room joined within " + joinTimeout.toSeconds() + " s");
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
