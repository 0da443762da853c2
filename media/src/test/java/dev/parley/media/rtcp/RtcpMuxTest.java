package dev.parley.media.rtcp;

import dev.parley.media.rtp.Hex;
import dev.parley.media.rtp.RtpPacketBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RtcpMuxTest {
    @Test
    void recognisesRtcpPacketTypes192To223() {
        for (byte[] vector : RtcpVectors.all()) {
            assertThat(RtcpMux.isRtcp(vector, 0, vector.length)).isTrue();
        }
        byte[] lowest = Hex.bytes("80c00001 00000000");
        byte[] highest = Hex.bytes("80df0001 00000000");
        assertThat(RtcpMux.isRtcp(lowest, 0, lowest.length)).isTrue();
        assertThat(RtcpMux.isRtcp(highest, 0, highest.length)).isTrue();
    }

    @Test
    void leavesRtpAlone() {
        for (int pt : new int[] {0, 63, 96, 111, 127}) {
            for (boolean marker : new boolean[] {false, true}) {
                byte[] rtp = new RtpPacketBuilder().payloadType(pt).marker(marker).build();
                assertThat(RtcpMux.isRtcp(rtp, 0, rtp.length)).as("PT %d marker %s", pt, marker).isFalse();
            }
        }
        byte[] pt224 = Hex.bytes("80e00001 00000000");
        assertThat(RtcpMux.isRtcp(pt224, 0, pt224.length)).as("RTP PT 96 with marker").isFalse();
    }

    @Test
    void needsAFullHeaderAndVersionTwo() {
        byte[] sr = RtcpVectors.SR;
        assertThat(RtcpMux.isRtcp(sr, 0, 3)).isFalse();
        byte[] v0 = sr.clone();
        v0[0] = 0x01;
        assertThat(RtcpMux.isRtcp(v0, 0, v0.length)).isFalse();
    }
}
