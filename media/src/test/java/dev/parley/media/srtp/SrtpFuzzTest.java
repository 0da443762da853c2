package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzz targets for the SRTP packet path. In a normal build they replay the committed corpus under
 * {@code src/test/resources/dev/parley/media/srtp/SrtpFuzzTestInputs/}; fuzz longer with
 * {@code JAZZER_FUZZ=1 mvn -pl media test -Dtest=SrtpFuzzTest}.
 */
class SrtpFuzzTest {
    private static final byte[] MATERIAL_60 = new byte[60];
    private static final byte[] MATERIAL_56 = new byte[56];

    static {
        for (int i = 0; i < MATERIAL_60.length; i++) {
            MATERIAL_60[i] = (byte) (i * 13 + 1);
        }
        System.arraycopy(MATERIAL_60, 0, MATERIAL_56, 0, 56);
    }

    /**
     * Whatever arrives off the wire, unprotect either succeeds or throws {@link SrtpException}: no
     * unchecked exception, at any offset, for both profiles, RTP and RTCP. The input is tried raw and,
     * to reach past authentication, as the bytes a genuine protected packet is XORed with.
     */
    @FuzzTest
    void unprotectRejectsAnythingWithTheCheckedExceptionOnly(byte[] data) {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeys keys = keys(profile);
            unprotectBoth(SrtpRoundTripTest.loopbackReceiver(keys, 64), data);
            byte[] genuine = protectedRtp(keys, 7, 64);
            byte[] mixed = genuine.clone();
            for (int i = 0; i < Math.min(data.length, mixed.length); i++) {
                mixed[i] ^= data[i];
            }
            unprotectBoth(SrtpRoundTripTest.loopbackReceiver(keys, 64), mixed);
        }
    }

    /**
     * Whatever is a plain RTP (or RTCP) packet survives protect then unprotect byte for byte, and
     * protecting leaves its header in the clear.
     */
    @FuzzTest
    void protectThenUnprotectGivesBackThePacket(byte[] data) throws SrtpException {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeys keys = keys(profile);
            int headerLength = RtpHeaderLength.of(data, 0, data.length);
            if (headerLength != RtpHeaderLength.NOT_RTP) {
                byte[] buf = Arrays.copyOf(data, data.length + profile.rtpOverhead());
                int sealed = keys.newSender().protectRtp(buf, 0, data.length);
                assertThat(Arrays.copyOf(buf, headerLength)).isEqualTo(Arrays.copyOf(data, headerLength));
                int plain = SrtpRoundTripTest.loopbackReceiver(keys, 64).unprotectRtp(buf, 0, sealed);
                assertThat(Arrays.copyOf(buf, plain)).isEqualTo(data);
            }
            if (data.length >= 8 && (data[0] & 0xC0) == 0x80) {
                byte[] buf = Arrays.copyOf(data, data.length + profile.rtcpOverhead());
                int sealed = keys.newSender().protectRtcp(buf, 0, data.length);
                int plain = SrtpRoundTripTest.loopbackReceiver(keys, 64).unprotectRtcp(buf, 0, sealed);
                assertThat(Arrays.copyOf(buf, plain)).isEqualTo(data);
            }
        }
    }

    private static void unprotectBoth(SrtpReceiver receiver, byte[] data) {
        for (int off : new int[] {0, 3}) {
            byte[] buf = new byte[off + data.length];
            System.arraycopy(data, 0, buf, off, data.length);
            try {
                receiver.unprotectRtp(buf, off, data.length);
            } catch (SrtpException rejected) {
                assertThat(rejected.reason()).isNotNull();
            }
            System.arraycopy(data, 0, buf, off, data.length);
            try {
                receiver.unprotectRtcp(buf, off, data.length);
            } catch (SrtpException rejected) {
                assertThat(rejected.reason()).isNotNull();
            }
        }
    }

    private static byte[] protectedRtp(SrtpKeys keys, int seq, int payload) {
        byte[] plain = RtpPackets.build(seq, 0x1234, 1, true, payload);
        byte[] buf = Arrays.copyOf(plain, plain.length + keys.profile().rtpOverhead());
        return Arrays.copyOf(buf, keys.newSender().protectRtp(buf, 0, plain.length));
    }

    private static SrtpKeys keys(SrtpProfile profile) {
        byte[] material = profile == SrtpProfile.AEAD_AES_128_GCM ? MATERIAL_56 : MATERIAL_60;
        return SrtpKeys.fromExporter(profile, material, true);
    }
}
