package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpHeaderLengthTest {

    @Test
    void countsCsrcsAndTheHeaderExtension() {
        assertThat(RtpHeaderLength.of(RtpPackets.build(1, 2, 0, false, 10), 0, 22)).isEqualTo(12);
        assertThat(RtpHeaderLength.of(RtpPackets.build(1, 2, 15, false, 0), 0, 72)).isEqualTo(72);
        assertThat(RtpHeaderLength.of(RtpPackets.build(1, 2, 2, true, 5), 0, 37)).isEqualTo(32);
    }

    @Test
    void refusesHeadersThatRunPastTheAvailableBytes() {
        byte[] withExtension = RtpPackets.build(1, 2, 0, true, 0);
        assertThat(RtpHeaderLength.of(withExtension, 0, 23)).isEqualTo(RtpHeaderLength.NOT_RTP);
        assertThat(RtpHeaderLength.of(withExtension, 0, 15)).isEqualTo(RtpHeaderLength.NOT_RTP);
        assertThat(RtpHeaderLength.of(RtpPackets.build(1, 2, 3, false, 0), 0, 23)).isEqualTo(RtpHeaderLength.NOT_RTP);
        assertThat(RtpHeaderLength.of(new byte[12], 0, 11)).isEqualTo(RtpHeaderLength.NOT_RTP);

        byte[] hugeExtension = withExtension.clone();
        hugeExtension[14] = (byte) 0xFF;
        hugeExtension[15] = (byte) 0xFF;
        assertThat(RtpHeaderLength.of(hugeExtension, 0, hugeExtension.length)).isEqualTo(RtpHeaderLength.NOT_RTP);
    }

    @Test
    void refusesOtherVersions() {
        byte[] packet = RtpPackets.build(1, 2, 0, false, 10);
        for (int version : new int[] {0, 1, 3}) {
            packet[0] = (byte) (version << 6);
            assertThat(RtpHeaderLength.of(packet, 0, packet.length)).isEqualTo(RtpHeaderLength.NOT_RTP);
        }
    }
}
