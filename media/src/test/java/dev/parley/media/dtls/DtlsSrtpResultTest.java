package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsSrtpResultTest {

    private static final DtlsFingerprint REMOTE = DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_256, new byte[] {1});

    private static byte[] counting(int length) {
        byte[] material = new byte[length];
        for (int i = 0; i < length; i++) {
            material[i] = (byte) i;
        }
        return material;
    }

    private static byte[] range(int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) {
            bytes[i - from] = (byte) i;
        }
        return bytes;
    }

    @Test
    void clientProtectsWithTheClientWriteHalvesOfAesCmKeyingMaterial() {
        // RFC 5764 §4.2: client_write_key[16] | server_write_key[16] | client_write_salt[14] | server_write_salt[14]
        DtlsSrtpResult client = new DtlsSrtpResult(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80, counting(60),
                DtlsRole.CLIENT, REMOTE);
        assertThat(client.isClient()).isTrue();
        assertThat(client.localMasterKey()).isEqualTo(range(0, 16));
        assertThat(client.remoteMasterKey()).isEqualTo(range(16, 32));
        assertThat(client.localMasterSalt()).isEqualTo(range(32, 46));
        assertThat(client.remoteMasterSalt()).isEqualTo(range(46, 60));
    }

    @Test
    void serverProtectsWithTheServerWriteHalvesOfAesGcmKeyingMaterial() {
        // RFC 7714 §12: 16-byte keys and 12-byte salts, same layout.
        DtlsSrtpResult server = new DtlsSrtpResult(DtlsSrtpProfile.AEAD_AES_128_GCM, counting(56),
                DtlsRole.SERVER, REMOTE);
        assertThat(server.isClient()).isFalse();
        assertThat(server.profileId()).isEqualTo(7);
        assertThat(server.localMasterKey()).isEqualTo(range(16, 32));
        assertThat(server.remoteMasterKey()).isEqualTo(range(0, 16));
        assertThat(server.localMasterSalt()).isEqualTo(range(44, 56));
        assertThat(server.remoteMasterSalt()).isEqualTo(range(32, 44));
    }

    @Test
    void rejectsKeyingMaterialOfTheWrongLength() {
        assertThatThrownBy(() -> new DtlsSrtpResult(DtlsSrtpProfile.AEAD_AES_128_GCM, counting(60), DtlsRole.CLIENT, REMOTE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsAndReturnsCopiesAndNeverPrintsTheKeys() {
        byte[] material = counting(60);
        DtlsSrtpResult result = new DtlsSrtpResult(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80, material, DtlsRole.CLIENT, REMOTE);
        material[0] = 99;
        result.keyingMaterial()[1] = 99;
        assertThat(result.keyingMaterial()).isEqualTo(counting(60));
        assertThat(result).isEqualTo(new DtlsSrtpResult(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80, counting(60),
                DtlsRole.CLIENT, REMOTE));
        assertThat(result.toString()).doesNotContain(HexFormat.of().formatHex(range(0, 4)))
                .doesNotContain("[0, 1, 2").contains("<60 bytes>");
    }

    @Test
    void profilesCarryTheirRfcIdsAndLengths() {
        assertThat(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80.id()).isEqualTo(0x0001);
        assertThat(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(DtlsSrtpProfile.AEAD_AES_128_GCM.id()).isEqualTo(0x0007);
        assertThat(DtlsSrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(DtlsSrtpProfile.fromId(7)).contains(DtlsSrtpProfile.AEAD_AES_128_GCM);
        assertThat(DtlsSrtpProfile.fromId(2)).isEmpty();
    }
}
