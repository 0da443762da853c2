package dev.parley.server.http;

import dev.parley.server.health.FaultInjection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * <b>Test-only</b> endpoints, in the pipeline only under {@code -Dparley.faultInjection=true}
 * ({@link FaultInjection}), answering loopback clients only: {@code POST /api/fault/oom},
 * {@code POST /api/fault/kill-media-loop} and {@code POST /api/fault/stall-sfu-thread}. Everything else goes on down the pipeline untouched.
 */
@ChannelHandler.Sharable
final class FaultInjectionHandler extends ChannelInboundHandlerAdapter {
    private final FaultInjection faults;

    FaultInjectionHandler(FaultInjection faults) {
        this.faults = faults;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !req.uri().startsWith("/api/fault/")) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)
                    || !remote.getAddress().isLoopbackAddress()) {
                reply(ctx, HttpResponseStatus.FORBIDDEN, "fault injection answers loopback clients only\n");
            } else if (req.method() != HttpMethod.POST) {
                reply(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "POST only\n");
            } else if (req.uri().equals("/api/fault/oom")) {
                faults.throwOutOfMemoryOnSfuThread();
                reply(ctx, HttpResponseStatus.ACCEPTED, "OutOfMemoryError thrown on the SFU thread\n");
            } else if (req.uri().equals("/api/fault/kill-media-loop")) {
                faults.killMediaLoop();
                reply(ctx, HttpResponseStatus.ACCEPTED, "media event loop killed\n");
            } else if (req.uri().equals("/api/fault/stall-sfu-thread")) {
                faults.stallSfuThread(3000);
                reply(ctx, HttpResponseStatus.ACCEPTED, "SFU thread held for 3 s\n");
            } else {
                reply(ctx, HttpResponseStatus.NOT_FOUND,
                        "faults: /api/fault/oom, /api/fault/kill-media-loop, /api/fault/stall-sfu-thread\n");
            }
        } finally {
            req.release();
        }
    }

    private static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
