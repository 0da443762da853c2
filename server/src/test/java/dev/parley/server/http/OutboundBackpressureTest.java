package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundBackpressureTest {
    private static final int BOUND = 8192;

    private static ByteBuf bytes(int n) {
        return Unpooled.buffer(n).writeZero(n);
    }

    @Test
    void aConnectionOverTheBoundIsClosedAndEverythingQueuedForItIsReleased() {
        EmbeddedChannel ch = TestChannels.from("203.0.113.7", new OutboundBackpressure(BOUND));
        List<ByteBuf> written = new ArrayList<>();
        // Unflushed writes stay queued, like replies to a client that does not read.
        for (int i = 0; i < 20 && ch.isOpen(); i++) {
            ByteBuf b = bytes(1000);
            written.add(b);
            ch.write(b);
        }

        assertThat(ch.isOpen()).isFalse();
        assertThat(written).hasSizeLessThanOrEqualTo(9); // closed as soon as it went over 8192
        assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(OutboundBackpressure.pendingBytes(ch)).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aConnectionUnderTheBoundStaysOpen() {
        EmbeddedChannel ch = TestChannels.from("203.0.113.7", new OutboundBackpressure(BOUND));
        for (int i = 0; i < 50; i++) {
            ch.writeAndFlush(bytes(1000)); // flushed: nothing stays unsent
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.releaseOutbound()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void readingStopsWhileUnwritableAndResumesWhenDrained() {
        EmbeddedChannel ch = TestChannels.from("203.0.113.7", new OutboundBackpressure(BOUND));
        assertThat(ch.config().getWriteBufferHighWaterMark()).isEqualTo(BOUND / 4);

        ch.write(bytes(BOUND / 4 + 1)); // over the high water mark, under the bound
        assertThat(ch.isWritable()).isFalse();
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(ch.isOpen()).isTrue();

        ch.flush(); // the client read it all
        assertThat(ch.isWritable()).isTrue();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aWebSocketOverTheBoundIsToldWhyWith1008() {
        EmbeddedChannel ch = TestChannels.from("203.0.113.7", new OutboundBackpressure(BOUND));
        ConnectionClose.markWebSocket(ch);
        for (int i = 0; i < 20 && ch.isOpen(); i++) {
            ch.write(new TextWebSocketFrame("x".repeat(1000)));
        }

        assertThat(ch.isOpen()).isFalse();
        Object last = null;
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (last != null) {
                io.netty.util.ReferenceCountUtil.release(last);
            }
            last = o;
        }
        assertThat(last).isInstanceOfSatisfying(CloseWebSocketFrame.class,
                f -> assertThat(f.statusCode()).isEqualTo(1008));
        io.netty.util.ReferenceCountUtil.release(last);
    }

    @Test
    void theWaterMarksLeaveRoomBelowTheBound() {
        var mark = OutboundBackpressure.waterMark(256 * 1024);
        assertThat(mark.high()).isEqualTo(64 * 1024);
        assertThat(mark.low()).isEqualTo(32 * 1024);
    }
}
