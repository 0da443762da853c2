package dev.parley.server.http;

import dev.parley.server.signal.CloseCode;
import dev.parley.server.signal.SignalSession;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges one WebSocket to its {@link SignalSession}: text frames in, JSON frames out, and the end of the
 * connection (close, error, or silence longer than the heartbeat timeout) reported once.
 */
final class SignalFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(SignalFrameHandler.class);

    private final Function<SignalSession.Outbox, SignalSession> sessions;
    private final Duration heartbeatTimeout;
    private SignalSession session;
    private boolean ended;

    SignalFrameHandler(Function<SignalSession.Outbox, SignalSession> sessions, Duration heartbeatTimeout) {
        this.sessions = sessions;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.pipeline().addBefore(ctx.name(), "heartbeat-timeout",
                    new IdleStateHandler(heartbeatTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
            session = sessions.apply(new SignalSession.Outbox() {
                @Override
                public void send(String json) {
                    ctx.channel().writeAndFlush(new TextWebSocketFrame(json));
                }

                @Override
                public void close(CloseCode code, String why) {
                    ctx.channel().writeAndFlush(new CloseWebSocketFrame(code.code(), why))
                            .addListener(ChannelFutureListener.CLOSE);
                }

                @Override
                public void joined() {
                }

                @Override
                public java.net.InetAddress remoteAddress() {
                    return ((java.net.InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
                }
            });
        } else if (evt instanceof IdleStateEvent) {
            log.info("signaling connection {} silent for {} ms: closing", ctx.channel().remoteAddress(),
                    heartbeatTimeout.toMillis());
            end("heartbeat timeout");
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null) {
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            session.onFrame(text.text());
        } else {
            // Binary frames are not part of protocol v1; answer like any other malformed request.
            session.onFrame("not json: binary frame");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        end("connection closed");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        try {
            log.info("signaling connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            end("connection error");
            ctx.close();
        } finally {
            // The pipeline's last handler tells a fatal error (OOM) apart, even if logging it failed here.
            ctx.fireExceptionCaught(cause);
        }
    }

    private void end(String why) {
        if (!ended && session != null) {
            ended = true;
            session.onClosed(why);
        }
    }
}
