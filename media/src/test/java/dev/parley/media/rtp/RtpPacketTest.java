package dev.parley.media.rtp;

import dev.parley.media.MalformedPacketException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RtpPacketTest {
    // V=2 P=0 X=1 CC=0, M=1 PT=96, seq 27023, ts 3653407706, SSRC 476325762,
    // extension profile 0x0001 (not RFC 8285) of one word, payload 98 36 be 88 9e.
    private static final byte[] WITH_OPAQUE_EXTENSION = Hex.bytes(
            "90e0698f d9c293da 1c642782 00010001 ffffffff 9836be889e");

    // V=2 P=1 X=0 CC=2, M=0 PT=111, seq 1, ts 160, SSRC 0xdeadbeef, CSRCs 1 and 2,
    // payload aa bb, then 3 padding bytes (00 00 03).
    private static final byte[] WITH_CSRCS_AND_PADDING = Hex.bytes(
            "a26f0001 000000a0 deadbeef 00000001 00000002 aabb 000003");

    @Test
    void readsFixedHeaderFields() throws Exception {
        RtpPacket p = RtpPacket.parse(WITH_OPAQUE_EXTENSION, 0, WITH_OPAQUE_EXTENSION.length);

        assertThat(p.version()).isEqualTo(2);
        assertThat(p.hasPadding()).isFalse();
        assertThat(p.hasExtension()).isTrue();
        assertThat(p.csrcCount()).isZero();
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequenceNumber()).isEqualTo(27023);
        assertThat(p.timestamp()).isEqualTo(3653407706L);
        assertThat(p.ssrc()).isEqualTo(476325762L);
        assertThat(p.extensionProfile()).isEqualTo(1);
        assertThat(p.extensionDataLength()).isEqualTo(4);
        assertThat(p.headerLength()).isEqualTo(20);
        assertThat(p.payloadOffset()).isEqualTo(20);
        assertThat(p.payloadLength()).isEqualTo(5);
        assertThat(p.paddingLength()).isZero();
        assertThat(p.findExtension(1)).as("opaque profile has no RFC 8285 elements").isEqualTo(-1);
        assertThat(p.extensions().next()).isFalse();
    }

    @Test
    void readsCsrcsAndStripsPadding() throws Exception {
        RtpPacket p = RtpPacket.parse(WITH_CSRCS_AND_PADDING, 0, WITH_CSRCS_AND_PADDING.length);

        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(0)).isEqualTo(1);
        assertThat(p.csrc(1)).isEqualTo(2);
        assertThat(p.ssrc()).isEqualTo(0xdeadbeefL);
        assertThat(p.headerLength()).isEqualTo(20);
        assertThat(p.hasPadding()).isTrue();
        assertThat(p.paddingLength()).isEqualTo(3);
        assertThat(p.payloadLength()).isEqualTo(2);
        assertThat(p.buffer()[p.payloadOffset()]).isEqualTo((byte) 0xaa);
        assertThatThrownBy(() -> p.csrc(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void viewsAPacketInsideALargerBufferAndReportsTailroom() throws Exception {
        byte[] big = new byte[100];
        System.arraycopy(WITH_OPAQUE_EXTENSION, 0, big, 30, WITH_OPAQUE_EXTENSION.length);

        RtpPacket p = new RtpPacket().wrap(big, 30, WITH_OPAQUE_EXTENSION.length);

        assertThat(p.offset()).isEqualTo(30);
        assertThat(p.sequenceNumber()).isEqualTo(27023);
        assertThat(p.payloadOffset()).isEqualTo(50);
        assertThat(p.tailroom()).isEqualTo(100 - 30 - 25);
    }

    @Test
    void rewritesHeaderFieldsInPlaceWithoutTouchingNeighbours() throws Exception {
        byte[] buf = WITH_OPAQUE_EXTENSION.clone();
        RtpPacket p = RtpPacket.parse(buf, 0, buf.length);

        p.setSsrc(0x01020304L);
        p.setSequenceNumber(65535 + 3); // wraps to 2
        p.setTimestamp(0x1_0000_0005L); // wraps to 5
        p.setPayloadType(111);
        p.setMarker(false);

        assertThat(p.ssrc()).isEqualTo(0x01020304L);
        assertThat(p.sequenceNumber()).isEqualTo(2);
        assertThat(p.timestamp()).isEqualTo(5);
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.marker()).isFalse();
        p.setMarker(true);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(Arrays.copyOfRange(buf, 0, 12)).isEqualTo(Hex.bytes("90ef0002 00000005 01020304"));
        assertThat(Arrays.copyOfRange(buf, 12, buf.length)).isEqualTo(Arrays.copyOfRange(WITH_OPAQUE_EXTENSION, 12, 25));
        assertThatThrownBy(() -> p.setPayloadType(128)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reusedViewFollowsTheLastWrap() throws Exception {
        RtpPacket p = new RtpPacket();
        p.wrap(WITH_OPAQUE_EXTENSION, 0, WITH_OPAQUE_EXTENSION.length);
        p.wrap(WITH_CSRCS_AND_PADDING, 0, WITH_CSRCS_AND_PADDING.length);

        assertThat(p.sequenceNumber()).isEqualTo(1);
        assertThat(p.hasExtension()).isFalse();
        assertThat(p.extensionProfile()).isEqualTo(-1);
    }

    @Test
    void failedWrapLeavesTheViewEmpty() throws Exception {
        RtpPacket p = RtpPacket.parse(WITH_OPAQUE_EXTENSION, 0, WITH_OPAQUE_EXTENSION.length);

        assertThatThrownBy(() -> p.wrap(new byte[4], 0, 4)).isInstanceOf(MalformedPacketException.class);
        assertThat(p.length()).isZero();
        assertThat(p.toString()).isEqualTo("RtpPacket[empty]");
    }

    @Test
    void rejectsEveryTruncation() {
        for (byte[] valid : new byte[][] {WITH_OPAQUE_EXTENSION, WITH_CSRCS_AND_PADDING}) {
            for (int len = 0; len < 20; len++) {
                int n = len;
                assertThatThrownBy(() -> RtpPacket.parse(valid, 0, n))
                        .as("truncated to %d bytes", n)
                        .isInstanceOf(MalformedPacketException.class);
            }
        }
    }

    @Test
    void rejectsVersionOtherThanTwo() {
        byte[] buf = WITH_OPAQUE_EXTENSION.clone();
        buf[0] = (byte) 0x50; // V=1
        assertThatThrownBy(() -> RtpPacket.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("version");
    }

    @Test
    void rejectsCsrcCountPastTheEnd() {
        byte[] buf = WITH_CSRCS_AND_PADDING.clone();
        buf[0] = (byte) 0x8f; // CC=15, P=0
        assertThatThrownBy(() -> RtpPacket.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("CSRC");
    }

    @Test
    void rejectsOversizedExtensionLength() {
        byte[] buf = WITH_OPAQUE_EXTENSION.clone();
        buf[14] = (byte) 0xff;
        buf[15] = (byte) 0xff;
        assertThatThrownBy(() -> RtpPacket.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("extension");
    }

    @Test
    void rejectsZeroAndOversizedPaddingCounts() {
        byte[] zero = WITH_CSRCS_AND_PADDING.clone();
        zero[zero.length - 1] = 0;
        byte[] tooBig = WITH_CSRCS_AND_PADDING.clone();
        tooBig[tooBig.length - 1] = 6; // 5 bytes follow the header
        byte[] headerOnly = Hex.bytes("a0600001 00000000 00000001");

        assertThatThrownBy(() -> RtpPacket.parse(zero, 0, zero.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("padding");
        assertThatThrownBy(() -> RtpPacket.parse(tooBig, 0, tooBig.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("padding");
        assertThatThrownBy(() -> RtpPacket.parse(headerOnly, 0, headerOnly.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("padding");
    }

    @Test
    void paddingMayFillTheWholeBodyLeavingAnEmptyPayload() throws Exception {
        byte[] buf = Hex.bytes("a0600001 00000000 00000001 00000004");
        RtpPacket p = RtpPacket.parse(buf, 0, buf.length);
        assertThat(p.paddingLength()).isEqualTo(4);
        assertThat(p.payloadLength()).isZero();
    }

    @Test
    void everySingleBitFlipEitherParsesConsistentlyOrFailsChecked() {
        byte[] valid = new RtpPacketBuilder().payloadType(96).sequenceNumber(7).timestamp(9).ssrc(11)
                .csrcs(5).extension(1, new byte[] {1}).extension(3, new byte[] {1, 2, 3})
                .payload(new byte[] {9, 8, 7, 6}).padding(2).build();
        for (int bit = 0; bit < valid.length * 8; bit++) {
            byte[] flipped = valid.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                RtpPacket p = RtpPacket.parse(flipped, 0, flipped.length);
                assertThat(p.headerLength() + p.payloadLength() + p.paddingLength()).isEqualTo(flipped.length);
            } catch (MalformedPacketException expected) {
                // rejected with the checked exception, as required
            }
        }
    }

    @Test
    void rejectsARangeOutsideTheBufferAsACallerBug() {
        assertThatThrownBy(() -> RtpPacket.parse(new byte[10], 5, 10))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
