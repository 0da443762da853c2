package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The AEAD_AES_128_GCM examples of RFC 7714 §16.1 (SRTP) and §17.1 (SRTCP), both directions. */
class AesGcmRfc7714Test {
    // RFC 7714 §16 and §17 use these directly as session key and salt.
    private static final SessionKeys KEYS = new SessionKeys(
            Hex.bytes("000102030405060708090a0b0c0d0e0f"), new byte[0], Hex.bytes("517569642070726f2071756f"));

    private static final byte[] RTP_PLAIN = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 47616c6c
            69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472
            6573""");
    private static final byte[] RTP_PROTECTED = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3
            fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf
            8833899d 7f27beb1 6a9152cf 765ee439
            0cce""");

    private static final byte[] RTCP_PLAIN = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef""");
    private static final byte[] RTCP_PROTECTED = Hex.bytes("""
            81c8000d 4d617273 63e94885 dcdab67c
            a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded
            0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");
    private static final int RTCP_SSRC = 0x4d617273;
    private static final int SRTCP_INDEX = 0x05d4;

    @Test
    void plaintextIsTheLatinOfTheExample() {
        assertThat(new String(RTP_PLAIN, 12, RTP_PLAIN.length - 12, StandardCharsets.US_ASCII))
                .isEqualTo("Gallia est omnis divisa in partes tres");
    }

    @Test
    void protectsTheSection16_1_1RtpPacket() {
        SrtpSender sender = SrtpSender.withSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEYS, KEYS);
        byte[] buf = Arrays.copyOf(RTP_PLAIN, RTP_PLAIN.length + 16);

        int len = sender.protectRtp(buf, 0, RTP_PLAIN.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTP_PROTECTED);
    }

    @Test
    void unprotectsTheSection16_1_2RtpPacket() throws SrtpException {
        SrtpReceiver receiver = SrtpReceiver.withSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEYS, KEYS, 64);
        byte[] buf = RTP_PROTECTED.clone();

        int len = receiver.unprotectRtp(buf, 0, buf.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTP_PLAIN);
    }

    @Test
    void protectsTheSection17_1RtcpPacket() {
        PacketCipher cipher = PacketCipher.of(SrtpProfile.AEAD_AES_128_GCM, KEYS);
        byte[] buf = Arrays.copyOf(RTCP_PLAIN, RTCP_PLAIN.length + 20);

        int len = cipher.sealRtcp(buf, 0, RTCP_PLAIN.length, RTCP_SSRC, SRTCP_INDEX);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTCP_PROTECTED);
    }

    @Test
    void unprotectsTheSection17_2RtcpPacket() throws SrtpException {
        SrtpReceiver receiver = SrtpReceiver.withSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEYS, KEYS, 64);
        byte[] buf = RTCP_PROTECTED.clone();

        int len = receiver.unprotectRtcp(buf, 0, buf.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTCP_PLAIN);
    }

    @Test
    void acceptsAnAuthenticatedButUnencryptedRtcpPacket() throws Exception {
        // RFC 7714 §9.3 with the E flag clear: the whole packet is AAD.
        SrtpReceiver receiver = SrtpReceiver.withSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEYS, KEYS, 64);
        byte[] buf = ReferenceSrtp.authenticateRtcpGcmUnencrypted(KEYS, RTCP_PLAIN, SRTCP_INDEX);

        int len = receiver.unprotectRtcp(buf, 0, buf.length);

        assertThat(Arrays.copyOf(buf, len)).isEqualTo(RTCP_PLAIN);
    }

    @Test
    void protectingTheSameIndexTwiceGivesTheSameBytesInsteadOfFailing() {
        // A retransmission of the identical packet: the JCA's IV re-use guard must not turn it into a crash.
        SrtpSender sender = SrtpSender.withSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEYS, KEYS);
        byte[] first = Arrays.copyOf(RTP_PLAIN, RTP_PLAIN.length + 16);
        byte[] second = first.clone();

        sender.protectRtp(first, 0, RTP_PLAIN.length);
        sender.protectRtp(second, 0, RTP_PLAIN.length);

        assertThat(second).isEqualTo(first).isEqualTo(RTP_PROTECTED);
    }
}
