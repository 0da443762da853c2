package dev.parley.server.http;

import dev.parley.server.signal.CloseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * How the server ends a connection, from any thread. A WebSocket is told why with a close frame
 * (RFC 6455 §5.5.1, codes §7.4 and {@link CloseCode}); a plain HTTP connection is just closed.
 *
 * <p>The server does not wait for the client's own close frame: it closes TCP as soon as its frame is
 * flushed (RFC 6455 §7.1.1 lets the server close first), or after {@link #FLUSH_TIMEOUT_MILLIS} when the
 * frame is stuck behind data the client does not read.
 */
final class ConnectionClose {
    static final long FLUSH_TIMEOUT_MILLIS = 1000;
    /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes, 2 of them the status code. */
    static final int MAX_REASON_BYTES = 123;

    private static final AttributeKey<Boolean> WEBSOCKET = AttributeKey.valueOf(ConnectionClose.class, "websocket");

    private static final AttributeKey<CloseCode> SERVER_CLOSE = AttributeKey.valueOf(ConnectionClose.class, "serverClose");

    private ConnectionClose() {
    }

    /** The code the server closed this connection with, or null when it did not (yet). */
    static CloseCode serverCloseCode(Channel ch) {
        return ch.attr(SERVER_CLOSE).get();
    }

    /** The connection has upgraded: from now on, server closes carry a close frame. */
    static void markWebSocket(Channel ch) {
        ch.attr(WEBSOCKET).set(Boolean.TRUE);
    }

    static boolean isWebSocket(Channel ch) {
        return Boolean.TRUE.equals(ch.attr(WEBSOCKET).get());
    }

    /** Sends the close frame and closes once it is out (or after the flush timeout). Returns the close future. */
    static ChannelFuture withReason(Channel ch, CloseCode code, String reason) {
        if (!ch.eventLoop().inEventLoop()) {
            ch.eventLoop().execute(() -> withReason(ch, code, reason));
            return ch.closeFuture();
        }
        ch.attr(SERVER_CLOSE).setIfAbsent(code);
        if (!ch.isActive() || !isWebSocket(ch)) {
            ch.close();
            return ch.closeFuture();
        }
        ChannelFuture sent = ch.writeAndFlush(new CloseWebSocketFrame(code.code(), clip(reason)));
        ScheduledFuture<?> hardClose = ch.eventLoop().schedule(() -> {
            ch.close();
        }, FLUSH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        sent.addListener(f -> {
            hardClose.cancel(false);
            ch.close();
        });
        return ch.closeFuture();
    }

    /**
     * Closes now. A WebSocket still gets its close frame written, but the connection does not wait for it:
     * this is for clients that are not reading, whose frame would only queue behind what they ignore.
     */
    static void atOnce(Channel ch, CloseCode code, String reason) {
        if (!ch.eventLoop().inEventLoop()) {
            ch.eventLoop().execute(() -> atOnce(ch, code, reason));
            return;
        }
        ch.attr(SERVER_CLOSE).setIfAbsent(code);
        if (ch.isActive() && isWebSocket(ch)) {
            ch.writeAndFlush(new CloseWebSocketFrame(code.code(), clip(reason)));
        }
        ch.close();
    }

    /** {@code reason} cut to {@link #MAX_REASON_BYTES} bytes of UTF-8, never inside a character. */
    static String clip(String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // a continuation byte: back up to the start of its character
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }
}
