package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtpKeysTest {

    @Test
    void splitsTheExporterOutputInRfc5764Order() {
        // client_write_key | server_write_key | client_write_salt | server_write_salt
        byte[] material = new byte[60];
        Arrays.fill(material, 0, 16, (byte) 0xC1);
        Arrays.fill(material, 16, 32, (byte) 0x51);
        Arrays.fill(material, 32, 46, (byte) 0xC5);
        Arrays.fill(material, 46, 60, (byte) 0x55);

        SrtpKeys client = SrtpKeys.fromExporter(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, true);
        SrtpKeys server = SrtpKeys.fromExporter(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, false);

        assertThat(client.localKey()).hasSize(16).containsOnly(0xC1);
        assertThat(client.remoteKey()).hasSize(16).containsOnly(0x51);
        assertThat(client.localSalt()).hasSize(14).containsOnly(0xC5);
        assertThat(client.remoteSalt()).hasSize(14).containsOnly(0x55);
        assertThat(server.localKey()).isEqualTo(client.remoteKey());
        assertThat(server.localSalt()).isEqualTo(client.remoteSalt());
        assertThat(server.remoteKey()).isEqualTo(client.localKey());
        assertThat(server.remoteSalt()).isEqualTo(client.localSalt());
    }

    @Test
    void splitsFiftySixBytesForGcm() {
        byte[] material = new byte[56];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }

        SrtpKeys server = SrtpKeys.fromExporter(SrtpProfile.AEAD_AES_128_GCM, material, false);

        assertThat(server.localKey()).isEqualTo(Arrays.copyOfRange(material, 16, 32));
        assertThat(server.remoteKey()).isEqualTo(Arrays.copyOfRange(material, 0, 16));
        assertThat(server.localSalt()).isEqualTo(Arrays.copyOfRange(material, 44, 56));
        assertThat(server.remoteSalt()).isEqualTo(Arrays.copyOfRange(material, 32, 44));
    }

    @Test
    void rejectsMaterialOfTheWrongLength() {
        assertThatThrownBy(() -> SrtpKeys.fromExporter(SrtpProfile.AEAD_AES_128_GCM, new byte[60], true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("56");
    }

    @Test
    void isImmutableAndNeverPrintsKeys() {
        byte[] material = new byte[60];
        Arrays.fill(material, (byte) 0x42);
        SrtpKeys keys = SrtpKeys.fromExporter(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, true);

        keys.localKey()[0] = 0;
        material[0] = 0;

        assertThat(keys.localKey()[0]).isEqualTo((byte) 0x42);
        assertThat(keys.toString()).doesNotContain("42").doesNotContain("66").contains("hidden");
        assertThat(keys).isEqualTo(SrtpKeys.fromExporter(SrtpProfile.AES128_CM_HMAC_SHA1_80,
                filled(60, 0x42), true));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
