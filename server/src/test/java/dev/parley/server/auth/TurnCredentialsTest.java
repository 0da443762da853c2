package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TURN REST credentials as coturn's use-auth-secret checks them. */
class TurnCredentialsTest {
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC);
    private final TurnCredentials turn = new TurnCredentials(List.of("turn:turn.example.com:3478?transport=tcp"),
            "north", Duration.ofHours(1), clock);

    @Test
    void theUsernameIsTheExpiryThenTheUserId() {
        assertThat(turn.username("alice")).isEqualTo("1767229200:alice");
    }

    /**
     * The password is base64(HMAC-SHA1(secret, username)). Expected value computed independently:
     * {@code printf %s 1767229200:alice | openssl dgst -sha1 -hmac north -binary | base64}.
     */
    @Test
    void thePasswordIsTheBase64HmacSha1OfTheUsername() throws Exception {
        Process p = new ProcessBuilder("bash", "-c",
                "printf %s 1767229200:alice | openssl dgst -sha1 -hmac north -binary | base64").start();
        String expected = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(expected).hasSize(28);
        assertThat(turn.password("1767229200:alice")).isEqualTo(expected);
    }

    @Test
    void anIceServerCarriesEveryUrlAndMatchingCredentials() {
        Map<String, Object> s = turn.iceServer("bob");
        assertThat(s.get("urls")).isEqualTo(List.of("turn:turn.example.com:3478?transport=tcp"));
        assertThat(s.get("username")).isEqualTo("1767229200:bob");
        assertThat(s.get("credential")).isEqualTo(turn.password("1767229200:bob"));
    }
}
