package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtlsConfigTest {

    @Test
    void defaultsPreferGcmAndFollowRfc6347Timers() {
        DtlsConfig config = DtlsConfig.defaults();
        assertThat(config.srtpProfiles())
                .containsExactly(DtlsSrtpProfile.AEAD_AES_128_GCM, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.initialRetransmitTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.mtu()).isEqualTo(1200);
    }

    @Test
    void withersChangeOneSetting() {
        DtlsConfig config = DtlsConfig.defaults().withSrtpProfiles(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80)
                .withHandshakeTimeout(Duration.ofSeconds(5)).withMtu(1400)
                .withInitialRetransmitTimeout(Duration.ofMillis(100));
        assertThat(config).isEqualTo(new DtlsConfig(List.of(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80),
                Duration.ofSeconds(5), Duration.ofMillis(100), 1400, 64));
    }

    @Test
    void rejectsNonsense() {
        DtlsConfig defaults = DtlsConfig.defaults();
        assertThatThrownBy(defaults::withSrtpProfiles).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withSrtpProfiles(DtlsSrtpProfile.AEAD_AES_128_GCM, DtlsSrtpProfile.AEAD_AES_128_GCM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withHandshakeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withInitialRetransmitTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMtu(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMtu(1501)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roleFollowsTheLocalSetupAttribute() {
        assertThat(DtlsRole.forLocalSetup("active")).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.forLocalSetup("PASSIVE")).isEqualTo(DtlsRole.SERVER);
        assertThatThrownBy(() -> DtlsRole.forLocalSetup("actpass")).isInstanceOf(IllegalArgumentException.class);
    }
}
