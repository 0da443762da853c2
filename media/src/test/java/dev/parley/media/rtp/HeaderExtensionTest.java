package dev.parley.media.rtp;

import dev.parley.media.MalformedPacketException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderExtensionTest {
    // One-byte form (RFC 8285 §4.2): id 1 len 1 = 0x8a (audio level V=1, 10 dBov), a padding byte,
    // id 3 len 2 = 0x0102 (transport-wide seq 258), id 2 len 3 = abs-send-time 0x123456; 3 words.
    private static final byte[] ONE_BYTE = Hex.bytes(
            "90ef0001 00000002 00000003"
            + "bede0003 10 8a 00 31 0102 22 123456 0000"
            + "cafe");

    // Two-byte form (RFC 8285 §4.3), appbits 0x5: id 1 len 0, id 200 len 3 "abc", padding; 2 words.
    private static final byte[] TWO_BYTE = Hex.bytes(
            "90600001 00000002 00000003"
            + "10050002 0100 c803 616263 00"
            + "cafe");

    @Test
    void findsOneByteElementsById() throws Exception {
        RtpPacket p = RtpPacket.parse(ONE_BYTE, 0, ONE_BYTE.length);

        assertThat(p.hasOneByteExtensions()).isTrue();
        assertThat(p.findExtension(1)).isEqualTo(17);
        assertThat(p.extensionValueLength(17)).isEqualTo(1);
        assertThat(p.findExtension(3)).isEqualTo(20);
        assertThat(p.extensionValueLength(20)).isEqualTo(2);
        assertThat(p.findExtension(4)).isEqualTo(-1);
        assertThat(AudioLevel.read(p, 1)).isEqualTo(0x8a);
        assertThat(AudioLevel.level(0x8a)).isEqualTo(10);
        assertThat(AudioLevel.voiceActivity(0x8a)).isTrue();
        assertThat(TransportWideSequenceNumber.read(p, 3)).isEqualTo(258);
        assertThat(AbsSendTime.read(p, 2)).isEqualTo(0x123456);
        assertThat(p.payloadLength()).isEqualTo(2);
    }

    @Test
    void iteratesAllElementsSkippingPadding() throws Exception {
        RtpPacket p = RtpPacket.parse(ONE_BYTE, 0, ONE_BYTE.length);
        List<String> seen = new ArrayList<>();
        HeaderExtensionCursor c = p.extensions();
        while (c.next()) {
            seen.add(c.id() + ":" + Hex.string(Arrays.copyOfRange(p.buffer(), c.valueOffset(),
                    c.valueOffset() + c.valueLength())));
        }
        assertThat(seen).containsExactly("1:8a", "3:0102", "2:123456");
    }

    @Test
    void readsTwoByteElementsIncludingEmptyValuesAndHighIds() throws Exception {
        RtpPacket p = RtpPacket.parse(TWO_BYTE, 0, TWO_BYTE.length);

        assertThat(p.hasTwoByteExtensions()).isTrue();
        assertThat(p.extensionProfile()).isEqualTo(0x1005);
        int empty = p.findExtension(1);
        assertThat(empty).isEqualTo(18);
        assertThat(p.extensionValueLength(empty)).isZero();
        assertThat(SdesMid.read(p, 200)).hasValue("abc");
        assertThat(SdesMid.matches(p, 200, "abc")).isTrue();
        assertThat(SdesMid.matches(p, 200, "abd")).isFalse();
        assertThat(SdesMid.read(p, 1)).as("empty value").isEmpty();
        assertThat(AudioLevel.read(p, 1)).as("empty value").isEqualTo(-1);
    }

    @Test
    void idFifteenStopsOneByteProcessing() throws Exception {
        byte[] buf = Hex.bytes("90600001 00000002 00000003 bede0002 10aa f0 20bbcc 000000");
        RtpPacket p = RtpPacket.parse(buf, 0, buf.length);

        assertThat(p.findExtension(1)).isPositive();
        assertThat(p.findExtension(2)).as("after id 15").isEqualTo(-1);
    }

    @Test
    void replacesAValueOfTheSameSizeInPlace() throws Exception {
        byte[] buf = ONE_BYTE.clone();
        RtpPacket p = RtpPacket.parse(buf, 0, buf.length);

        assertThat(TransportWideSequenceNumber.write(p, 3, 0xabcd)).isTrue();
        assertThat(AbsSendTime.write(p, 2, 0x654321)).isTrue();
        assertThat(p.replaceExtension(1, new byte[] {0x7f}, 0, 1)).isTrue();
        assertThat(p.replaceExtension(1, new byte[] {1, 2}, 0, 2)).as("size differs").isFalse();
        assertThat(TransportWideSequenceNumber.write(p, 9, 1)).as("absent").isFalse();

        RtpPacket again = RtpPacket.parse(buf, 0, buf.length);
        assertThat(TransportWideSequenceNumber.read(again, 3)).isEqualTo(0xabcd);
        assertThat(AbsSendTime.read(again, 2)).isEqualTo(0x654321);
        assertThat(AudioLevel.read(again, 1)).isEqualTo(0x7f);
        assertThat(again.length()).isEqualTo(ONE_BYTE.length);
    }

    @Test
    void rejectsAnElementRunningPastItsBlock() {
        byte[] oneByte = Hex.bytes("90600001 00000002 00000003 bede0001 10aa 2f00 cafe"); // id 2 claims 16 bytes
        byte[] twoByte = Hex.bytes("90600001 00000002 00000003 10000001 01 ff aabb cafe"); // id 1 claims 255
        byte[] dangling = Hex.bytes("90600001 00000002 00000003 10000001 000000 07 cafe"); // id 7, no length

        for (byte[] buf : new byte[][] {oneByte, twoByte, dangling}) {
            assertThatThrownBy(() -> RtpPacket.parse(buf, 0, buf.length))
                    .isInstanceOf(MalformedPacketException.class).hasMessageContaining("element");
        }
    }

    @Test
    void sdesTextStopsAtNulAndRejectsInvisibleBytes() throws Exception {
        byte[] nul = new RtpPacketBuilder().extension(5, new byte[] {'h', 'i', 0, 0}).build();
        byte[] bad = new RtpPacketBuilder().extension(5, new byte[] {'h', ' ', 'i'}).build();

        assertThat(SdesRtpStreamId.read(RtpPacket.parse(nul, 0, nul.length), 5)).hasValue("hi");
        assertThat(SdesRtpStreamId.matches(RtpPacket.parse(nul, 0, nul.length), 5, "hi")).isTrue();
        assertThat(SdesRtpStreamId.read(RtpPacket.parse(bad, 0, bad.length), 5)).isEmpty();
        assertThatThrownBy(() -> SdesMid.encode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SdesMid.encode("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void audioLevelEncodesTheVoiceBitAndLevel() {
        assertThat(AudioLevel.encode(true, 127)).containsExactly(0xff);
        assertThat(AudioLevel.encode(false, 0)).containsExactly(0x00);
        assertThatThrownBy(() -> AudioLevel.encode(false, 128)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void absSendTimeIsSixDotEighteenFixedPointModuloSixtyFourSeconds() {
        assertThat(AbsSendTime.fromMicros(1_000_000)).isEqualTo(1 << 18);
        assertThat(AbsSendTime.fromMicros(500_000)).isEqualTo(1 << 17);
        assertThat(AbsSendTime.fromMicros(64_000_000L + 250_000)).isEqualTo(1 << 16);
        assertThat(AbsSendTime.toMicros(1 << 18)).isEqualTo(1_000_000);
        assertThat(AbsSendTime.toMicros(0xFFFFFF)).isEqualTo(63_999_996);
        assertThat(AbsSendTime.encode(0x123456)).containsExactly(0x12, 0x34, 0x56);
    }

    @Test
    void transportWideSequenceNumberEncodesBigEndian() {
        assertThat(TransportWideSequenceNumber.encode(0x0102)).containsExactly(1, 2);
    }
}
