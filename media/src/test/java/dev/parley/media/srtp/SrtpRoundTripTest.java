package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpRoundTripTest {
    private static final int SSRC = 0x5501A0B2;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpWithCsrcsAndHeaderExtensionSurvivesProtectAndUnprotect(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = keysFor(profile, 1);
        SrtpSender sender = keys.newSender();
        SrtpReceiver receiver = loopbackReceiver(keys, 128);
        int headerLength = 12 + 4 * 3 + 12;

        for (int payload : new int[] {0, 1, 15, 16, 17, 127, 128, 129, 1200, 5000}) {
            byte[] plain = RtpPackets.build(1000 + payload, SSRC, 3, true, payload);
            int off = 5;
            byte[] buf = new byte[off + plain.length + profile.rtpOverhead()];
            System.arraycopy(plain, 0, buf, off, plain.length);

            int protectedLength = sender.protectRtp(buf, off, plain.length);

            assertThat(protectedLength).isEqualTo(plain.length + profile.rtpTagLength());
            assertThat(Arrays.copyOfRange(buf, off, off + headerLength)).as("header stays clear")
                    .isEqualTo(Arrays.copyOf(plain, headerLength));
            if (payload >= 8) {
                assertThat(Arrays.copyOfRange(buf, off + headerLength, off + plain.length)).as("payload encrypted")
                        .isNotEqualTo(Arrays.copyOfRange(plain, headerLength, plain.length));
            }
            int plainLength = receiver.unprotectRtp(buf, off, protectedLength);
            assertThat(Arrays.copyOfRange(buf, off, off + plainLength)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpSurvivesProtectAndUnprotectWithAnIncreasingIndex(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = keysFor(profile, 2);
        SrtpSender sender = keys.newSender();
        SrtpReceiver receiver = loopbackReceiver(keys, 64);

        for (int i = 1; i <= 200; i++) {
            byte[] plain = RtpPackets.rtcp(SSRC, 8 + 4 * (i % 40));
            byte[] buf = Arrays.copyOf(plain, plain.length + profile.rtcpOverhead());

            int protectedLength = sender.protectRtcp(buf, 0, plain.length);

            assertThat(protectedLength).isEqualTo(plain.length + profile.rtcpOverhead());
            assertThat(Arrays.copyOf(buf, 8)).isEqualTo(Arrays.copyOf(plain, 8));
            int indexOffset = profile == SrtpProfile.AEAD_AES_128_GCM ? protectedLength - 4 : plain.length;
            assertThat(PacketBytes.readInt(buf, indexOffset)).as("E flag and SRTCP index").isEqualTo(0x8000_0000 | i);
            int plainLength = receiver.unprotectRtcp(buf, 0, protectedLength);
            assertThat(Arrays.copyOf(buf, plainLength)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void exporterSplitWithOppositeRolesInteroperatesBothWays(SrtpProfile profile) throws SrtpException {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(3).nextBytes(material);
        SrtpKeys client = SrtpKeys.fromExporter(profile, material, true);
        SrtpKeys server = SrtpKeys.fromExporter(profile, material, false);

        assertRoundTrip(client.newSender(), server.newReceiver(64), profile);
        assertRoundTrip(server.newSender(), client.newReceiver(64), profile);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReceiverWithTheWrongDirectionsKeysRejects(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(4).nextBytes(material);
        SrtpKeys client = SrtpKeys.fromExporter(profile, material, true);
        byte[] buf = Arrays.copyOf(RtpPackets.build(1, SSRC, 0, false, 50), 62 + profile.rtpOverhead());
        int len = client.newSender().protectRtp(buf, 0, 62);

        assertThatThrownBy(() -> client.newReceiver(64).unprotectRtp(buf, 0, len))
                .isInstanceOfSatisfying(SrtpException.class,
                        e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.AUTH_FAILED));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void manySsrcsKeepSeparateState(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = keysFor(profile, 5);
        SrtpSender sender = keys.newSender();
        SrtpReceiver receiver = loopbackReceiver(keys, 64);

        for (int seq = 0; seq < 20; seq++) {
            for (int ssrc = 1; ssrc <= 50; ssrc++) {
                byte[] plain = RtpPackets.build(seq * 7 + ssrc, ssrc * 0x01000193, 0, false, 40);
                byte[] buf = Arrays.copyOf(plain, plain.length + profile.rtpOverhead());
                int len = receiver.unprotectRtp(buf, 0, sender.protectRtp(buf, 0, plain.length));
                assertThat(Arrays.copyOf(buf, len)).isEqualTo(plain);
            }
        }
    }

    @Test
    void protectDemandsHeadroomForTheTag() {
        SrtpSender sender = keysFor(SrtpProfile.AES128_CM_HMAC_SHA1_80, 6).newSender();
        byte[] rtp = RtpPackets.build(1, SSRC, 0, false, 20);
        byte[] rtpWithRoomForNine = Arrays.copyOf(rtp, rtp.length + 9);
        byte[] rtcpWithRoomForTen = Arrays.copyOf(RtpPackets.rtcp(SSRC, 32), 42);

        assertThatThrownBy(() -> sender.protectRtp(rtp, 0, rtp.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headroom");
        assertThatThrownBy(() -> sender.protectRtp(rtpWithRoomForNine, 0, rtp.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headroom");
        assertThatThrownBy(() -> sender.protectRtcp(rtcpWithRoomForTen, 0, 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headroom");
        assertThatThrownBy(() -> sender.protectRtp(rtp, 10, rtp.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void protectRefusesWhatIsNotRtp() {
        SrtpSender sender = keysFor(SrtpProfile.AEAD_AES_128_GCM, 7).newSender();
        byte[] extensionPastTheEnd = Arrays.copyOf(RtpPackets.build(1, SSRC, 0, true, 0), 40);
        extensionPastTheEnd[15] = 9;

        assertThatThrownBy(() -> sender.protectRtp(extensionPastTheEnd, 0, 24))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.protectRtp(new byte[40], 0, 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRoundTrip(SrtpSender sender, SrtpReceiver receiver, SrtpProfile profile)
            throws SrtpException {
        byte[] rtp = RtpPackets.build(77, SSRC, 1, true, 200);
        byte[] buf = Arrays.copyOf(rtp, rtp.length + profile.rtpOverhead());
        int len = receiver.unprotectRtp(buf, 0, sender.protectRtp(buf, 0, rtp.length));
        assertThat(Arrays.copyOf(buf, len)).isEqualTo(rtp);

        byte[] rtcp = RtpPackets.rtcp(SSRC, 32);
        byte[] rtcpBuf = Arrays.copyOf(rtcp, rtcp.length + profile.rtcpOverhead());
        int rtcpLen = receiver.unprotectRtcp(rtcpBuf, 0, sender.protectRtcp(rtcpBuf, 0, rtcp.length));
        assertThat(Arrays.copyOf(rtcpBuf, rtcpLen)).isEqualTo(rtcp);
    }

    /** A receiver for what {@code keys.newSender()} protects: same master key, as if on the far end. */
    static SrtpReceiver loopbackReceiver(SrtpKeys keys, int window) {
        return SrtpReceiver.create(keys.profile(), keys.localKey(), keys.localSalt(), window);
    }

    static SrtpKeys keysFor(SrtpProfile profile, long seed) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(seed).nextBytes(material);
        return SrtpKeys.fromExporter(profile, material, true);
    }
}
