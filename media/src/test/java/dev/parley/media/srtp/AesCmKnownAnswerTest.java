package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * AES128_CM_HMAC_SHA1_80 packets for the RFC 3711 Appendix B.3 master key and salt. RFC 3711 lists no
 * packet example; these are the known-answer packets of libsrtp's driver (the reference implementation
 * browsers use), which interoperability depends on.
 */
class AesCmKnownAnswerTest {
    private static final byte[] MASTER_KEY = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");
    private static final SrtpProfile PROFILE = SrtpProfile.AES128_CM_HMAC_SHA1_80;

    private static final byte[] RTP_PLAIN = Hex.bytes(
            "800f1234 decafbad cafebabe abababab abababab abababab abababab");
    private static final byte[] RTP_PROTECTED = Hex.bytes(
            "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb");

    private static final byte[] RTCP_PLAIN = Hex.bytes(
            "81c8000b cafebabe abababab abababab abababab abababab");
    private static final byte[] RTCP_PROTECTED = Hex.bytes(
            "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798");

    @Test
    void protectsTheKnownRtpPacket() {
        SrtpSender sender = SrtpSender.create(PROFILE, MASTER_KEY, MASTER_SALT);
        byte[] buf = Arrays.copyOf(RTP_PLAIN, RTP_PLAIN.length + 10);

        int len = sender.protectRtp(buf, 0, RTP_PLAIN.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTP_PROTECTED);
    }

    @Test
    void unprotectsTheKnownRtpPacket() throws SrtpException {
        SrtpReceiver receiver = SrtpReceiver.create(PROFILE, MASTER_KEY, MASTER_SALT, 128);
        byte[] buf = RTP_PROTECTED.clone();

        int len = receiver.unprotectRtp(buf, 0, buf.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTP_PLAIN);
    }

    @Test
    void protectsTheKnownRtcpPacketAsItsFirstSrtcpIndex() {
        SrtpSender sender = SrtpSender.create(PROFILE, MASTER_KEY, MASTER_SALT);
        byte[] buf = Arrays.copyOf(RTCP_PLAIN, RTCP_PLAIN.length + 14);

        int len = sender.protectRtcp(buf, 0, RTCP_PLAIN.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTCP_PROTECTED);
    }

    @Test
    void unprotectsTheKnownRtcpPacket() throws SrtpException {
        SrtpReceiver receiver = SrtpReceiver.create(PROFILE, MASTER_KEY, MASTER_SALT, 128);
        byte[] buf = RTCP_PROTECTED.clone();

        int len = receiver.unprotectRtcp(buf, 0, buf.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTCP_PLAIN);
    }

    @Test
    void matchesAPlainSecondImplementationOnALongerPacketWithAnExtension() throws Exception {
        SessionKeys keys = SrtpKeyDerivation.forRtp(PROFILE, MASTER_KEY, MASTER_SALT);
        byte[] packet = RtpPackets.build(0x1234, 0xCAFEBABE, 2, true, 300);
        int headerLength = 12 + 8 + 4 + 8;
        byte[] buf = Arrays.copyOf(packet, packet.length + 10);

        int len = SrtpSender.create(PROFILE, MASTER_KEY, MASTER_SALT).protectRtp(buf, 0, packet.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(ReferenceSrtp.protectRtpCm(keys, packet, headerLength, 0));
    }
}
