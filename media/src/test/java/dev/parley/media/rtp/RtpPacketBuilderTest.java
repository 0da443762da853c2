package dev.parley.media.rtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RtpPacketBuilderTest {
    @Test
    void writesTheExpectedBytes() {
        byte[] built = new RtpPacketBuilder().marker(true).payloadType(96).sequenceNumber(27023)
                .timestamp(3653407706L).ssrc(476325762L)
                .extension(1, new byte[] {(byte) 0x8a})
                .extension(3, new byte[] {1, 2})
                .payload(new byte[] {(byte) 0xca, (byte) 0xfe})
                .padding(2)
                .build();

        // one-byte form: 10 8a 31 01 02 + 3 zero bytes = 2 words; P bit set, padding "00 02"
        assertThat(Hex.string(built)).isEqualTo("b0e0698fd9c293da1c642782" + "bede0002" + "108a3101020000 00"
                .replace(" ", "") + "cafe" + "0002");
    }

    @Test
    void choosesTheTwoByteFormWhenAnElementNeedsIt() throws Exception {
        byte[] longValue = new byte[17];
        byte[] built = new RtpPacketBuilder().extension(1, new byte[] {1}).extension(2, longValue).build();
        RtpPacket p = RtpPacket.parse(built, 0, built.length);

        assertThat(p.hasTwoByteExtensions()).isTrue();
        assertThat(p.extensionValueLength(p.findExtension(2))).isEqualTo(17);
        assertThat(p.extensionDataLength() % 4).isZero();
    }

    @Test
    void roundTripsEveryFieldThroughFrom() throws Exception {
        byte[] original = new RtpPacketBuilder().marker(true).payloadType(100).sequenceNumber(65535)
                .timestamp(0xFFFF_FFFFL).ssrc(0x8000_0000L).csrcs(1, 0xFFFF_FFFFL)
                .twoByteExtensions(3).extension(15, new byte[0]).extension(255, new byte[] {7, 7})
                .payload(new byte[] {1, 2, 3}).padding(5).build();
        RtpPacket p = RtpPacket.parse(original, 0, original.length);

        byte[] rebuilt = RtpPacketBuilder.from(p).build();

        assertThat(rebuilt).isEqualTo(original);
        assertThat(p.extensionProfile()).isEqualTo(0x1003);
        assertThat(p.csrc(1)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void keepsAnOpaqueExtensionBlockVerbatim() throws Exception {
        byte[] original = new RtpPacketBuilder().rawExtension(0x0001, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).build();
        RtpPacket p = RtpPacket.parse(original, 0, original.length);

        assertThat(p.extensionProfile()).isEqualTo(1);
        assertThat(RtpPacketBuilder.from(p).build()).isEqualTo(original);
    }

    @Test
    void lengthMatchesWhatIsWritten() {
        RtpPacketBuilder b = new RtpPacketBuilder().csrcs(1, 2, 3).extension(4, new byte[5]).padding(3);
        byte[] buf = new byte[b.length() + 10];
        assertThat(b.write(buf, 10)).isEqualTo(b.length()).isEqualTo(12 + 12 + 4 + 8 + 3);
    }

    @Test
    void rejectsFieldsOutOfRange() {
        RtpPacketBuilder b = new RtpPacketBuilder();
        assertThatThrownBy(() -> b.payloadType(128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.sequenceNumber(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.ssrc(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.csrcs(new long[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.extension(0, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.padding(256)).isInstanceOf(IllegalArgumentException.class);
        b.oneByteExtensions().extension(15, new byte[1]);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    }
}
