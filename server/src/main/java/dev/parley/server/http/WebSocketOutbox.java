package dev.parley.server.http;

import dev.parley.server.signal.CloseCode;
import dev.parley.server.signal.SignalSession;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetAddress;

/**
 * A {@link SignalSession}'s side of its WebSocket. Called from the I/O thread and from the SFU thread:
 * every method is thread-safe (Netty runs writes and closes on the channel's event loop).
 *
 * <p>{@link #send} never lets the connection's unsent data grow past the bound: a frame for a connection
 * already over it is dropped and the connection is closed instead, so the SFU can keep sending events
 * without knowing whether this client reads them.
 */
final class WebSocketOutbox implements SignalSession.Outbox {
    private final Channel channel;
    private final OutboundBackpressure backpressure;
    private final JoinDeadline joinDeadline;

    WebSocketOutbox(Channel channel, OutboundBackpressure backpressure, JoinDeadline joinDeadline) {
        this.channel = channel;
        this.backpressure = backpressure;
        this.joinDeadline = joinDeadline;
    }

    @Override
    public void send(String json) {
        if (!channel.isActive()) {
            return;
        }
        if (backpressure.isOverBound(channel)) {
            backpressure.closeIfOverBound(channel);
            return;
        }
        // Submitted from another thread, the write is counted in the channel's unsent bytes at once
        // (Netty estimates queued write tasks), so the next send sees it.
        channel.writeAndFlush(new TextWebSocketFrame(json));
    }

    @Override
    public void close(CloseCode code, String why) {
        ConnectionClose.withReason(channel, code, why);
    }

    @Override
    public void joined() {
        joinDeadline.joined();
    }

    @Override
    public InetAddress remoteAddress() {
        return ConnectionLimiter.addressOf(channel);
    }
}
