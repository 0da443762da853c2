package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4571 §2 framing: however the stream is split, frames come out whole; a bad length ends the stream. */
class Rfc4571FramerTest {
    private final Rfc4571Framer framer = new Rfc4571Framer();
    private final List<byte[]> frames = new ArrayList<>();

    private boolean feed(byte... bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        boolean ok = framer.feed(in, (buf, off, len) -> frames.add(Arrays.copyOfRange(buf, off, off + len)));
        assertThat(in.isReadable()).isFalse();
        return ok;
    }

    @Test
    void twoFramesInOneReadComeOutSeparately() {
        assertThat(feed((byte) 0, (byte) 2, (byte) 1, (byte) 2, (byte) 0, (byte) 1, (byte) 9)).isTrue();
        assertThat(frames).containsExactly(new byte[] {1, 2}, new byte[] {9});
    }

    @Test
    void aFrameSplitByteByByteIsReassembled() {
        byte[] stream = {0, 3, 7, 8, 9};
        for (byte b : stream) {
            assertThat(feed(b)).isTrue();
        }
        assertThat(frames).containsExactly(new byte[] {7, 8, 9});
    }

    @Test
    void aFrameLongerThanAnyWebRtcPacketEndsTheStream() {
        int len = UdpPortMux.MAX_DATAGRAM + 1;
        assertThat(feed((byte) (len >> 8), (byte) len)).isFalse();
        assertThat(frames).isEmpty();
    }

    @Test
    void theLargestAllowedFrameIsAccepted() {
        int len = UdpPortMux.MAX_DATAGRAM;
        byte[] stream = new byte[2 + len];
        stream[0] = (byte) (len >> 8);
        stream[1] = (byte) len;
        stream[2 + len - 1] = 42;
        assertThat(feed(stream)).isTrue();
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).hasSize(len).endsWith((byte) 42);
    }

    @Test
    void anEmptyFrameEndsTheStream() {
        assertThat(feed((byte) 0, (byte) 0)).isFalse();
    }

    @Test
    void theSinkCanStopTheStream() {
        ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 1, 5, 0, 1, 6});
        List<Integer> seen = new ArrayList<>();
        assertThat(framer.feed(in, (buf, off, len) -> {
            seen.add((int) buf[off]);
            return false;
        })).isFalse();
        assertThat(seen).containsExactly(5);
    }
}
