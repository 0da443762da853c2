package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JoinDeadlineTest {
    private static final Duration JOIN = Duration.ofSeconds(10);

    private final AtomicInteger joins = new AtomicInteger();
    private final JoinDeadline deadline = new JoinDeadline(JOIN, joins::incrementAndGet, LogThrottle.perMinute());
    private final EmbeddedChannel ch = webSocket(deadline);

    private static EmbeddedChannel webSocket(JoinDeadline deadline) {
        EmbeddedChannel ch = TestChannels.from("192.0.2.9");
        ConnectionClose.markWebSocket(ch);
        ch.pipeline().addLast(deadline);
        return ch;
    }

    private void advance(Duration d) {
        ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runPendingTasks();
    }

    private int closeCode() {
        CloseWebSocketFrame frame = ch.readOutbound();
        assertThat(frame).as("a close frame").isNotNull();
        int code = frame.statusCode();
        frame.release();
        return code;
    }

    @Test
    void aWebSocketThatDoesNotJoinIsClosedWith4004() {
        advance(JOIN.minusMillis(1));
        assertThat(ch.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(closeCode()).isEqualTo(4004);
        assertThat(ch.isOpen()).isFalse();
        assertThat(joins).hasValue(0);
    }

    @Test
    void heartbeatsDoNotKeepAnUnjoinedSocketAlive() {
        for (int i = 0; i < 9; i++) {
            advance(Duration.ofSeconds(1));
            ch.writeInbound(TestChannels.ascii("{\"v\":1,\"id\":" + i + ",\"type\":\"heartbeat\"}"));
            ch.readInbound(); // passed on to the frame decoder
        }
        advance(Duration.ofSeconds(1));
        assertThat(closeCode()).isEqualTo(4004);
        ch.finishAndReleaseAll();
    }

    @Test
    void aJoinedSocketStaysAndTheLimiterIsToldOnce() {
        advance(Duration.ofSeconds(3));
        deadline.joined();
        deadline.joined();
        ch.runPendingTasks();

        assertThat(joins).hasValue(1);
        assertThat(ch.pipeline().get(JoinDeadline.class)).isNull();
        advance(JOIN.multipliedBy(3));
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void aJoinAfterTheTimeoutFiredChangesNothing() {
        advance(JOIN);
        deadline.joined();
        assertThat(joins).hasValue(0);
        assertThat(closeCode()).isEqualTo(4004);
    }

    @Test
    void tooManyBytesBeforeJoiningCloseWith1008AndAreReleased() {
        ByteBuf first = TestChannels.ascii("x".repeat(JoinDeadline.MAX_BYTES_BEFORE_JOIN));
        ch.writeInbound(first);
        ((ByteBuf) ch.readInbound()).release();
        ByteBuf over = TestChannels.ascii("y");
        ch.writeInbound(over);

        assertThat(over.refCnt()).isZero();
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(closeCode()).isEqualTo(1008);
        assertThat(ch.isOpen()).isFalse();
    }
}
