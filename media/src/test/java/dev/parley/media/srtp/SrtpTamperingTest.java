package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every truncation and every single-bit flip of a protected packet is rejected with the checked
 * exception, and none of the rejections disturbs the session: the genuine packet is accepted afterwards.
 */
class SrtpTamperingTest {
    private static final int SSRC = 0x1EE7_C0DE;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyTruncationOfAnRtpPacketIsRejected(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 11);
        byte[] sealed = protectedRtp(keys);
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 64);

        for (int len = 0; len < sealed.length; len++) {
            byte[] buf = sealed.clone();
            int length = len;
            assertThatThrownBy(() -> receiver.unprotectRtp(buf, 0, length)).as("length %d", len)
                    .isInstanceOf(SrtpException.class);
        }
        assertThat(receiver.unprotectRtp(sealed.clone(), 0, sealed.length)).isEqualTo(sealed.length
                - profile.rtpTagLength());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyBitFlipOfAnRtpPacketIsRejected(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 12);
        byte[] sealed = protectedRtp(keys);
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 64);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] buf = flipped(sealed, bit);
            assertRejected(() -> receiver.unprotectRtp(buf, 0, buf.length), bit);
        }
        assertThat(receiver.unprotectRtp(sealed.clone(), 0, sealed.length)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyTruncationOfAnRtcpPacketIsRejected(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 13);
        byte[] sealed = protectedRtcp(keys);
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 64);

        for (int len = 0; len < sealed.length; len++) {
            byte[] buf = sealed.clone();
            int length = len;
            assertThatThrownBy(() -> receiver.unprotectRtcp(buf, 0, length)).as("length %d", len)
                    .isInstanceOf(SrtpException.class);
        }
        assertThat(receiver.unprotectRtcp(sealed.clone(), 0, sealed.length)).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyBitFlipOfAnRtcpPacketIsRejected(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 14);
        byte[] sealed = protectedRtcp(keys);
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 64);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] buf = flipped(sealed, bit);
            assertRejected(() -> receiver.unprotectRtcp(buf, 0, buf.length), bit);
        }
        assertThat(receiver.unprotectRtcp(sealed.clone(), 0, sealed.length)).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketsFromNewSsrcsDoNotUseUpTheSsrcCap(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 15);
        SrtpReceiver receiver = SrtpReceiver.create(profile, keys.localKey(), keys.localSalt(), 64, 1);
        SrtpSender sender = keys.newSender();

        for (int forged = 0; forged < 10; forged++) {
            byte[] junk = Arrays.copyOf(RtpPackets.build(forged, 0xBAD0_0000 + forged, 0, false, 40), 52 + 16);
            assertThatThrownBy(() -> receiver.unprotectRtp(junk, 0, junk.length))
                    .isInstanceOfSatisfying(SrtpException.class,
                            e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.AUTH_FAILED));
        }
        byte[] first = Arrays.copyOf(RtpPackets.build(1, 1, 0, false, 40), 52 + profile.rtpOverhead());
        receiver.unprotectRtp(first, 0, sender.protectRtp(first, 0, 52));
        byte[] second = Arrays.copyOf(RtpPackets.build(1, 2, 0, false, 40), 52 + profile.rtpOverhead());
        int secondLength = sender.protectRtp(second, 0, 52);
        assertThatThrownBy(() -> receiver.unprotectRtp(second, 0, secondLength))
                .isInstanceOfSatisfying(SrtpException.class,
                        e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.TOO_MANY_SSRCS));
    }

    private static byte[] protectedRtp(SrtpKeys keys) {
        byte[] plain = RtpPackets.build(4242, SSRC, 1, true, 23);
        byte[] buf = Arrays.copyOf(plain, plain.length + keys.profile().rtpOverhead());
        int len = keys.newSender().protectRtp(buf, 0, plain.length);
        return Arrays.copyOf(buf, len);
    }

    private static byte[] protectedRtcp(SrtpKeys keys) {
        byte[] plain = RtpPackets.rtcp(SSRC, 40);
        byte[] buf = Arrays.copyOf(plain, plain.length + keys.profile().rtcpOverhead());
        int len = keys.newSender().protectRtcp(buf, 0, plain.length);
        return Arrays.copyOf(buf, len);
    }

    private static byte[] flipped(byte[] packet, int bit) {
        byte[] copy = packet.clone();
        copy[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return copy;
    }

    private interface Unprotect {
        int run() throws SrtpException;
    }

    private static void assertRejected(Unprotect unprotect, int bit) {
        try {
            int len = unprotect.run();
            fail("bit %d flipped, yet %d bytes were accepted", bit, len);
        } catch (SrtpException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }
}
