package dev.parley.sfu.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtp.RtpPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtxEncapsulationTest {
    /** A normalised stored packet: marker set, PT 96, seq 0x1234, ts 0x01020304, SSRC 0, payload 1..5. */
    private static final byte[] STORED = {(byte) 0x80, (byte) (0x80 | 96), 0x12, 0x34, 1, 2, 3, 4, 0, 0, 0, 0,
            1, 2, 3, 4, 5};

    @Test
    void theRtxPacketCarriesTheOriginalSequenceNumberBeforeTheOriginalPayload() throws Exception {
        byte[] out = new byte[64];
        int n = RtxEncapsulation.write(STORED, STORED.length, out, 97, 0xBEEF, 0xA0B0C0D0L, 0xCAFEBABEL, 0x4321);

        assertThat(n).isEqualTo(STORED.length + 2);
        RtpPacket p = new RtpPacket().wrap(out, 0, n);
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.payloadType()).isEqualTo(97);
        assertThat(p.marker()).isTrue(); // RFC 4588 §4: the marker of the original
        assertThat(p.sequenceNumber()).isEqualTo(0xBEEF);
        assertThat(p.timestamp()).isEqualTo(0xA0B0C0D0L);
        assertThat(p.ssrc()).isEqualTo(0xCAFEBABEL);
        byte[] payload = Arrays.copyOfRange(out, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
        assertThat(payload).containsExactly(0x43, 0x21, 1, 2, 3, 4, 5);
    }

    @Test
    void aPacketWithoutMarkerKeepsItCleared() throws Exception {
        byte[] stored = STORED.clone();
        stored[1] = 96;
        byte[] out = new byte[64];
        int n = RtxEncapsulation.write(stored, stored.length, out, 97, 1, 2, 3, 4);
        RtpPacket p = new RtpPacket().wrap(out, 0, n);
        assertThat(p.marker()).isFalse();
        assertThat(p.payloadType()).isEqualTo(97);
    }

    @Test
    void aPaddingPacketCarriesNoPayloadAndTheTransportWideElement() throws Exception {
        byte[] out = new byte[400];
        int n = RtxEncapsulation.writePadding(out, 97, 4242, 0x12345678L, 0xCAFEBABEL, 200, 3);
        out[RtxEncapsulation.TRANSPORT_WIDE_SEQ_AT] = 0x01;
        out[RtxEncapsulation.TRANSPORT_WIDE_SEQ_AT + 1] = 0x02;

        RtpPacket p = RtpPacket.parse(out, 0, n);
        assertThat(n).isEqualTo(12 + 8 + 200);
        assertThat(p.payloadType()).isEqualTo(97);
        assertThat(p.sequenceNumber()).isEqualTo(4242);
        assertThat(p.timestamp()).isEqualTo(0x12345678L);
        assertThat(p.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(p.paddingLength()).isEqualTo(200);
        assertThat(p.payloadLength()).as("padding only: nothing to repair").isZero();
        assertThat(dev.parley.media.rtp.TransportWideSequenceNumber.read(p, 3)).isEqualTo(0x0102);
    }

    @Test
    void aPaddingPacketWithoutTransportWideHasNoExtension() throws Exception {
        byte[] out = new byte[400];
        int n = RtxEncapsulation.writePadding(out, 97, 1, 0, 1, 1, -1);
        RtpPacket p = RtpPacket.parse(out, 0, n);
        assertThat(n).isEqualTo(13);
        assertThat(p.hasExtension()).isFalse();
        assertThat(p.paddingLength()).isEqualTo(1);
    }
}
