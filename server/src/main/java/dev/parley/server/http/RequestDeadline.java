package dev.parley.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a plain HTTP connection (not yet a WebSocket) may take, so that connections that send
 * nothing, send slowly (slowloris), or idle between keep-alive requests cannot be held forever:
 * <ul>
 *   <li>a new connection, or one that has started its next request, must deliver the complete request
 *       (head and body) within {@code headerTimeout};</li>
 *   <li>once a request is in, the connection has {@code idleTimeout} to take its response, and again
 *       {@code idleTimeout} after each response before its next request starts.</li>
 * </ul>
 * Sits right after the HTTP codec, which fires {@code channelReadComplete} after every read even when the
 * bytes did not complete a request: that is how a request that has started but not finished is noticed.
 * Removed when the connection becomes a WebSocket ({@link JoinDeadline} and the heartbeat take over).
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

    private enum Phase {
        /** Waiting for a request's head (and body): {@code headerTimeout}. */
        READING_REQUEST,
        /** A request is in, its response not yet written: {@code idleTimeout}. */
        ANSWERING,
        /** Between keep-alive requests: {@code idleTimeout}. */
        IDLE
    }

    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private Phase phase = Phase.READING_REQUEST;
    private boolean readSomething;
    private ScheduledFuture<?> timer;

    RequestDeadline(Duration headerTimeout, Duration idleTimeout) {
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            enter(ctx, Phase.READING_REQUEST);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer == null) {
            enter(ctx, Phase.READING_REQUEST);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        readSomething = true;
        if (msg instanceof LastHttpContent) {
            enter(ctx, Phase.ANSWERING);
        } else if (msg instanceof HttpRequest && phase == Phase.IDLE) {
            enter(ctx, Phase.READING_REQUEST);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!readSomething && phase == Phase.IDLE) {
            enter(ctx, Phase.READING_REQUEST); // bytes of a next request, not complete yet
        }
        readSomething = false;
        super.channelReadComplete(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && phase == Phase.ANSWERING) {
                    enter(ctx, Phase.IDLE);
                }
            });
        }
        super.write(ctx, msg, promise);
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

    private void enter(ChannelHandlerContext ctx, Phase next) {
        cancel();
        phase = next;
        long delay = next == Phase.READING_REQUEST ? headerTimeoutNanos : idleTimeoutNanos;
        timer = ctx.executor().schedule(() -> expire(ctx, next), delay, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx, Phase expired) {
        if (phase != expired || !ctx.channel().isActive()) {
            return;
        }
        // One line per connection at DEBUG: idle keep-alive connections of every browser end this way, and a
        // slowloris flood must not become a log flood.
        log.debug("closing HTTP connection {}: {} ms {}", ctx.channel().remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(expired == Phase.READING_REQUEST ? headerTimeoutNanos : idleTimeoutNanos),
                switch (expired) {
                    case READING_REQUEST -> "without a complete request (limits.headerTimeoutSeconds)";
                    case ANSWERING -> "without taking its response (limits.idleTimeoutSeconds)";
                    case IDLE -> "idle after its last response (limits.idleTimeoutSeconds)";
                });
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
