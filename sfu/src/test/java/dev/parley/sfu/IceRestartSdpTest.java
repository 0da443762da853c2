package dev.parley.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.stun.IceCredentials;
import org.junit.jupiter.api.Test;

class IceRestartSdpTest {
    private static final String ANSWER = "v=0\r\no=- 42 7 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:oldU\r\na=ice-pwd:old-password-0123456789\r\n"
            + "a=fingerprint:sha-256 AA:BB\r\na=setup:passive\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:oldU\r\na=ice-pwd:old-password-0123456789\r\n"
            + "a=fingerprint:sha-256 AA:BB\r\na=setup:passive\r\n";

    @Test
    void everySectionGetsTheNewCredentialsAndTheVersionGoesUpWhileDtlsStays() {
        String out = IceRestartSdp.withCredentials(ANSWER, new IceCredentials("newU", "new-password-0123456789ab"));

        assertThat(out).doesNotContain("oldU").doesNotContain("old-password");
        assertThat(out.split("a=ice-ufrag:newU\r\n", -1)).hasSize(3);
        assertThat(out.split("a=ice-pwd:new-password-0123456789ab\r\n", -1)).hasSize(3);
        assertThat(out).contains("o=- 42 8 IN IP4 0.0.0.0\r\n");
        assertThat(out).contains("a=fingerprint:sha-256 AA:BB\r\na=setup:passive");
    }
}
