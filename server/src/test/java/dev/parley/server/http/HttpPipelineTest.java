package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.config.ServerLimits;
import dev.parley.server.health.ExitTimer;
import dev.parley.server.health.FatalErrorMonitor;
import dev.parley.server.signal.AddressLimiter;
import dev.parley.server.signal.SignalContext;
import dev.parley.server.signal.SignalSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline of one connection as {@link HttpChannelInitializer} builds it, driven with raw bytes on
 * the channel's own clock: a real WebSocket upgrade, then the WebSocket terms.
 */
class HttpPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FatalErrorMonitor FATAL_ERRORS = new FatalErrorMonitor(Duration.ZERO,
            new ExitTimer() {
                @Override
                public void start(Duration delay, Runnable exit) {
                }

                @Override
                public void cancel() {
                }
            }, status -> { });
    private static final ConnectionTerms TERMS = new ConnectionTerms(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(8), 256 * 1024);
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private final ConnectionLimiter limiter = new ConnectionLimiter(100, 100, 100, 100, LogThrottle.perMinute());
    private final List<SignalSession.Outbox> outboxes = new ArrayList<>();
    private final DefaultChannelGroup webSockets = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    private final HttpChannelInitializer initializer = new HttpChannelInitializer(limiter, TERMS,
            new StaticContent(Map.of("/index.html", "<!doctype html>".getBytes(StandardCharsets.UTF_8),
                    "/sdk/trtc.js", "TRTC".getBytes(StandardCharsets.UTF_8))),
            Optional.empty(), JSON, Map::of, outbox -> {
                outboxes.add(outbox);
                // A session without an SFU: enough for heartbeats, which it answers itself.
                return new SignalSession(new SignalContext(JSON, null, Runnable::run, Runnable::run, null,
                        new AddressLimiter(10, 10, System::nanoTime), ServerLimits.DEFAULT, 1000, System::nanoTime),
                        outbox);
            }, webSockets, FATAL_ERRORS, Optional.empty(), Map.of(), Optional.empty());
    private final EmbeddedChannel ch = TestChannels.from("192.0.2.50", initializer);

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private void advance(Duration d) {
        ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runPendingTasks();
    }

    private void upgrade() {
        ch.writeInbound(TestChannels.ascii(UPGRADE));
        assertThat(TestChannels.outboundText(ch)).startsWith("HTTP/1.1 101 Switching Protocols");
        assertThat(outboxes).hasSize(1);
    }

    /** A client frame (RFC 6455 §5.2): masked, here with the all-zero key, which leaves the payload as is. */
    private static ByteBuf clientFrame(int opcode, boolean fin, byte[] payload) {
        ByteBuf b = Unpooled.buffer(payload.length + 14);
        b.writeByte((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            b.writeByte(0x80 | payload.length);
        } else if (payload.length < 65536) {
            b.writeByte(0x80 | 126).writeShort(payload.length);
        } else {
            b.writeByte(0x80 | 127).writeLong(payload.length);
        }
        b.writeInt(0);
        return b.writeBytes(payload);
    }

    private void sendText(String text) {
        ch.writeInbound(clientFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The status code of the server's close frame among what it sent, or -1. */
    private int serverCloseCode() {
        byte[] out = TestChannels.outboundBytes(ch);
        int at = 0;
        while (at + 2 <= out.length) {
            int opcode = out[at] & 0x0F;
            int len = out[at + 1] & 0x7F;
            int header = 2;
            if (len == 126) {
                len = ((out[at + 2] & 0xFF) << 8) | (out[at + 3] & 0xFF);
                header = 4;
            }
            if (opcode == 0x8) {
                return ((out[at + header] & 0xFF) << 8) | (out[at + header + 1] & 0xFF);
            }
            at += header + len;
        }
        return -1;
    }

    @Test
    void aWebSocketThatDoesNotJoinIsClosedWith4004EvenWhileItSendsHeartbeats() {
        upgrade();
        assertThat(ch.pipeline().get(RequestDeadline.class)).isNull();
        for (int i = 1; i < 10; i++) {
            advance(Duration.ofSeconds(1));
            sendText("{\"v\":1,\"id\":" + i + ",\"type\":\"heartbeat\",\"data\":{}}");
        }
        assertThat(ch.isOpen()).isTrue();
        advance(Duration.ofSeconds(1));

        assertThat(serverCloseCode()).isEqualTo(4004);
        assertThat(ch.isOpen()).isFalse();
        assertThat(limiter.connections()).isZero();
        assertThat(limiter.unjoined()).isZero();
        assertThat(webSockets.size()).isZero();
    }

    @Test
    void aJoinedWebSocketOutlivesTheJoinTimeoutAndNoLongerCountsAsUnjoined() {
        upgrade();
        assertThat(limiter.unjoined()).isEqualTo(1);
        outboxes.get(0).joined();
        ch.runPendingTasks();
        assertThat(limiter.unjoined()).isZero();
        assertThat(limiter.connections()).isEqualTo(1);

        for (int i = 1; i <= 5; i++) {
            advance(Duration.ofSeconds(5));
            sendText("{\"v\":1,\"id\":" + i + ",\"type\":\"heartbeat\",\"data\":{}}");
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(serverCloseCode()).isEqualTo(-1);
    }

    @Test
    void aSilentJoinedWebSocketIsClosedWith4000() {
        upgrade();
        outboxes.get(0).joined();
        assertThat(ch.pipeline().get(IdleStateHandler.class)).isNotNull();
        // IdleStateHandler measures silence on System.nanoTime, not on the channel's clock: its event is
        // fired here as it would fire after heartbeatTimeout.
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(serverCloseCode()).isEqualTo(4000);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() {
        upgrade();
        outboxes.get(0).joined();
        ch.runPendingTasks();
        byte[] part = new byte[400 * 1024];
        java.util.Arrays.fill(part, (byte) 'x');
        ch.writeInbound(clientFrame(0x1, false, part));
        ch.writeInbound(clientFrame(0x0, false, part));
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(clientFrame(0x0, true, part)); // 1.2 MiB in all

        assertThat(serverCloseCode()).isEqualTo(1009);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void theServerSaysGoingAwayToOpenWebSocketsAtShutdown() {
        upgrade();
        assertThat(webSockets.contains(ch)).isTrue();
        ConnectionClose.withReason(ch, dev.parley.server.signal.CloseCode.GOING_AWAY, "server shutting down");
        assertThat(serverCloseCode()).isEqualTo(1001);
    }

    @Test
    void plainHttpServesFilesAndNotDirectories() {
        ch.writeInbound(TestChannels.ascii("GET /sdk HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(TestChannels.outboundText(ch)).startsWith("HTTP/1.1 404 Not Found");
        ch.writeInbound(TestChannels.ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(TestChannels.outboundText(ch)).startsWith("HTTP/1.1 200 OK").endsWith("<!doctype html>");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosedAndUncounted() {
        assertThat(limiter.connections()).isEqualTo(1);
        advance(TERMS.headerTimeout());
        assertThat(ch.isOpen()).isFalse();
        assertThat(limiter.connections()).isZero();
    }
}
