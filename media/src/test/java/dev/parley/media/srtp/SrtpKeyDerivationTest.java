package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtpKeyDerivationTest {
    // RFC 3711 Appendix B.3
    private static final byte[] MASTER_KEY = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void derivesTheRfc3711AppendixB3SessionKeys() {
        SessionKeys keys = SrtpKeyDerivation.forRtp(SrtpProfile.AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);

        assertThat(keys.encryptionKey()).isEqualTo(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(keys.salt()).isEqualTo(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(keys.authKey()).isEqualTo(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"));
    }

    @Test
    void rtcpKeysUseTheirOwnLabelsAndDifferFromRtpKeys() {
        SessionKeys rtp = SrtpKeyDerivation.forRtp(SrtpProfile.AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        SessionKeys rtcp = SrtpKeyDerivation.forRtcp(SrtpProfile.AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);

        assertThat(rtcp.encryptionKey()).isEqualTo(SrtpKeyDerivation.prf(MASTER_KEY, MASTER_SALT, 0x03, 16))
                .isNotEqualTo(rtp.encryptionKey());
        assertThat(rtcp.authKey()).isEqualTo(SrtpKeyDerivation.prf(MASTER_KEY, MASTER_SALT, 0x04, 20))
                .isNotEqualTo(rtp.authKey());
        assertThat(rtcp.salt()).isEqualTo(SrtpKeyDerivation.prf(MASTER_KEY, MASTER_SALT, 0x05, 14))
                .isNotEqualTo(rtp.salt());
    }

    @Test
    void gcmPadsItsTwelveByteMasterSaltWithZerosOnTheRight() {
        // RFC 7714 §11: same KDF; the 96-bit salt behaves as a 112-bit salt ending in 16 zero bits.
        byte[] salt12 = Arrays.copyOf(MASTER_SALT, 12);
        byte[] salt14 = Arrays.copyOf(salt12, 14);

        SessionKeys gcm = SrtpKeyDerivation.forRtp(SrtpProfile.AEAD_AES_128_GCM, MASTER_KEY, salt12);

        assertThat(gcm.encryptionKey()).isEqualTo(SrtpKeyDerivation.prf(MASTER_KEY, salt14, 0x00, 16));
        assertThat(gcm.salt()).hasSize(12).isEqualTo(SrtpKeyDerivation.prf(MASTER_KEY, salt14, 0x02, 12));
        assertThat(gcm.authKey()).isEmpty();
    }

    @Test
    void rejectsMasterKeysOfTheWrongLength() {
        assertThatThrownBy(() -> SrtpKeyDerivation.forRtp(SrtpProfile.AEAD_AES_128_GCM, MASTER_KEY, MASTER_SALT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("salt");
        assertThatThrownBy(() -> SrtpKeyDerivation.forRtp(SrtpProfile.AES128_CM_HMAC_SHA1_80, new byte[15],
                MASTER_SALT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    }
}
