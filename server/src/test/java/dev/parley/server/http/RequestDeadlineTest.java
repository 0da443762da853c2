package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The header and idle timeouts of plain HTTP connections, on the channel's own clock (no sleeping). */
class RequestDeadlineTest {
    private static final Duration HEADER = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    /** Answers every request with an empty 200, keeping the connection alive, unless told to hold them. */
    private static final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
        boolean hold;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!hold) {
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(res);
            }
        }
    }

    private final Responder responder = new Responder();
    private final EmbeddedChannel ch = TestChannels.from("192.0.2.1", new HttpServerCodec(),
            new RequestDeadline(HEADER, IDLE), new HttpObjectAggregator(8192), responder);

    private void advance(Duration d) {
        ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runPendingTasks();
    }

    private void send(String s) {
        ch.writeInbound(TestChannels.ascii(s));
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderTimeout() {
        advance(HEADER.minusMillis(1));
        assertThat(ch.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void tricklingTheHeadDoesNotExtendTheHeaderTimeout() {
        send("GET / HTTP/1.1\r\n");
        advance(Duration.ofSeconds(4));
        send("Host: loc");
        advance(Duration.ofSeconds(4));
        send("alhost\r\nX-A: 1\r\n");
        advance(Duration.ofSeconds(2));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aKeepAliveConnectionIsClosedAfterTheIdleTimeoutNotBefore() {
        advance(Duration.ofSeconds(9));
        send(REQUEST);
        assertThat(TestChannels.outboundText(ch)).startsWith("HTTP/1.1 200 OK");

        advance(Duration.ofSeconds(20)); // past the header timeout of the connection's start
        assertThat(ch.isOpen()).isTrue();
        advance(IDLE.minusSeconds(20).minusMillis(1));
        assertThat(ch.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void eachResponseStartsAFreshIdleTimeout() {
        send(REQUEST);
        TestChannels.outboundBytes(ch);
        for (int i = 0; i < 5; i++) {
            advance(IDLE.minusSeconds(1));
            send(REQUEST);
            assertThat(TestChannels.outboundText(ch)).startsWith("HTTP/1.1 200 OK");
        }
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aNextRequestThatStartsButNeverEndsGetsTheHeaderTimeoutFromItsFirstByte() {
        send(REQUEST);
        TestChannels.outboundBytes(ch);
        advance(Duration.ofSeconds(5));
        send("GET /demo.js HTTP/1.1\r\n");
        advance(HEADER.minusMillis(1));
        assertThat(ch.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(ch.isOpen()).isFalse(); // at 15 s, not at the 35 s the idle timeout would allow
    }

    @Test
    void aClientThatDoesNotTakeItsResponseIsClosedAtTheIdleTimeout() {
        responder.hold = true; // the response never completes, as for a client that stopped reading
        send(REQUEST);
        advance(IDLE.minusMillis(1));
        assertThat(ch.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(ch.isOpen()).isFalse();
    }
}
