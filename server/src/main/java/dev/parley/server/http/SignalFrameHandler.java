package dev.parley.server.http;

import dev.parley.server.health.FatalErrorMonitor;
import dev.parley.server.signal.CloseCode;
import dev.parley.server.signal.SignalSession;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges one WebSocket to its {@link SignalSession}: text frames in, JSON frames out (through a
 * {@link WebSocketOutbox}), and the end of the connection (close, error, or silence longer than the
 * heartbeat timeout) reported once.
 *
 * <p>When the upgrade completes it turns the connection's HTTP terms into WebSocket ones: the
 * {@link RequestDeadline} goes, a {@link JoinDeadline} and the heartbeat timeout come.
 */
final class SignalFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(SignalFrameHandler.class);

    private final Function<SignalSession.Outbox, SignalSession> sessions;
    private final ConnectionTerms terms;
    private final OutboundBackpressure backpressure;
    private final Runnable onJoined;
    private final ChannelGroup webSockets;
    private final LogThrottle joinTimeoutLog;
    private SignalSession session;
    private boolean ended;
    /** The client's close frame said 1000 or 1001: it is leaving, not losing its connection. */
    private boolean goodbye;

    /**
     * @param onJoined told when the session joins a room (the connection limiter stops counting it as anonymous)
     * @param webSockets where open WebSockets are kept, to say goodbye at shutdown
     */
    SignalFrameHandler(Function<SignalSession.Outbox, SignalSession> sessions, ConnectionTerms terms,
                       OutboundBackpressure backpressure, Runnable onJoined, ChannelGroup webSockets,
                       LogThrottle joinTimeoutLog) {
        this.sessions = sessions;
        this.terms = terms;
        this.backpressure = backpressure;
        this.onJoined = onJoined;
        this.webSockets = webSockets;
        this.joinTimeoutLog = joinTimeoutLog;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            session = sessions.apply(new WebSocketOutbox(ctx.channel(), backpressure, upgraded(ctx)));
        } else if (evt instanceof IdleStateEvent) {
            log.info("signaling connection {} silent for {} ms: closing", ctx.channel().remoteAddress(),
                    terms.heartbeatTimeout().toMillis());
            end("heartbeat timeout", false);
            ConnectionClose.withReason(ctx.channel(), CloseCode.HEARTBEAT_TIMEOUT,
                    "no request for " + terms.heartbeatTimeout().toMillis() + " ms");
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    /** The connection is a WebSocket now: swap the HTTP deadlines for the WebSocket ones. */
    private JoinDeadline upgraded(ChannelHandlerContext ctx) {
        ConnectionClose.markWebSocket(ctx.channel());
        webSockets.add(ctx.channel());
        ChannelPipeline p = ctx.pipeline();
        if (p.get(RequestDeadline.class) != null) {
            p.remove(RequestDeadline.class);
        }
        p.addBefore(ctx.name(), "heartbeat-timeout",
                new IdleStateHandler(terms.heartbeatTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        JoinDeadline joinDeadline = new JoinDeadline(terms.joinTimeout(), onJoined, joinTimeoutLog);
        ChannelHandlerContext decoder = p.context(WebSocketFrameDecoder.class);
        if (decoder != null) {
            p.addAfter(decoder.name(), "close-frame", new CloseFrameWatch());
        }
        p.addBefore(decoder != null ? decoder.name() : ctx.name(), "join-deadline", joinDeadline);
        return joinDeadline;
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
        CloseCode byServer = ConnectionClose.serverCloseCode(ctx.channel());
        // The server's own close for a broken rule ends the participant; a heartbeat timeout, like a broken
        // connection, may be a network outage the client comes back from (docs/PROTOCOL.md "Reconnection").
        end(byServer == null ? "connection closed" : "closed by the server (" + byServer + ")",
                byServer != null && byServer != CloseCode.HEARTBEAT_TIMEOUT && byServer != CloseCode.GOING_AWAY);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ConnectionClose.isWebSocket(ctx.channel())) {
            ctx.fireExceptionCaught(cause); // still plain HTTP: the request handler's business
            return;
        }
        if (FatalErrorMonitor.isFatal(cause)) {
            // Not this connection's failure but the JVM's: the pipeline's last handler reports it. First, since
            // closing and logging may fail again on a full heap.
            ctx.fireExceptionCaught(cause);
        }
        boolean brokeProtocol = cause instanceof TooLongFrameException
                || cause instanceof CorruptedWebSocketFrameException;
        end("connection error", brokeProtocol);
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the aggregator's limit (a single over-size frame is refused by the
            // frame decoder itself, with the same code): RFC 6455 §7.4.1.
            log.info("signaling connection {} sent a message over {} bytes: closing",
                    ctx.channel().remoteAddress(), HttpServer.MAX_WS_MESSAGE_BYTES);
            ConnectionClose.withReason(ctx.channel(), CloseCode.MESSAGE_TOO_BIG,
                    "message over " + HttpServer.MAX_WS_MESSAGE_BYTES + " bytes");
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // The frame decoder has already sent its close frame (its status says why).
            log.info("signaling connection {} broke the WebSocket protocol ({}): closing",
                    ctx.channel().remoteAddress(), corrupted.closeStatus());
            ctx.close();
        } else {
            log.info("signaling connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** @param last the client is not coming back (it broke a rule): no reconnection grace */
    private void end(String why, boolean last) {
        if (!ended && session != null) {
            ended = true;
            session.onClosed(goodbye ? "closed by the client" : why, goodbye || last);
        }
    }

    /**
     * Sees the client's close frame before the protocol handler answers it: 1000 (normal) and 1001 (going
     * away: the page was closed) mean the client is leaving; any other code, or none (the connection just
     * broke), means it may come back (docs/PROTOCOL.md "Reconnection").
     */
    private final class CloseFrameWatch extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.websocketx.CloseWebSocketFrame close) {
                int status = close.statusCode();
                goodbye = status == 1000 || status == 1001;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
