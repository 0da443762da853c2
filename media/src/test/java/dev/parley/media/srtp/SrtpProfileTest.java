package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtpProfileTest {

    @Test
    void findsProfilesByTheirUseSrtpIdentifier() {
        assertThat(SrtpProfile.fromId(0x0001)).contains(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(SrtpProfile.fromId(0x0007)).contains(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromId(0x0002)).isEmpty(); // AES128_CM_HMAC_SHA1_32: not offered
        assertThat(SrtpProfile.fromId(0x0008)).isEmpty(); // AEAD_AES_256_GCM: not offered
    }

    @Test
    void hasTheLengthsOfRfc5764AndRfc7714() {
        SrtpProfile cm = SrtpProfile.AES128_CM_HMAC_SHA1_80;
        assertThat(new int[] {cm.masterKeyLength(), cm.masterSaltLength(), cm.authKeyLength(), cm.rtpTagLength(),
                cm.rtcpTagLength(), cm.rtpOverhead(), cm.rtcpOverhead(), cm.keyingMaterialLength()})
                .containsExactly(16, 14, 20, 10, 10, 10, 14, 60);
        SrtpProfile gcm = SrtpProfile.AEAD_AES_128_GCM;
        assertThat(new int[] {gcm.masterKeyLength(), gcm.masterSaltLength(), gcm.authKeyLength(),
                gcm.rtpTagLength(), gcm.rtcpTagLength(), gcm.rtpOverhead(), gcm.rtcpOverhead(),
                gcm.keyingMaterialLength()})
                .containsExactly(16, 12, 0, 16, 16, 16, 20, 56);
    }
}
