package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.KEY;
import static dev.parley.usersig.SigFixtures.NOW;
import static dev.parley.usersig.SigFixtures.SDK_APP_ID;
import static dev.parley.usersig.SigFixtures.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class UserSigTest {

    @Test
    void writesTencentsJsonAndSignsTheDocumentedContent() {
        String sig = UserSig.generate(SDK_APP_ID, KEY, "alice", 86_400, clockAt(NOW.plusMillis(999)));

        String json = SigFixtures.unwrap(sig);
        String expectedSig = SigFixtures.hmac(KEY, "TLS.identifier:alice\nTLS.sdkappid:1400000001\n"
                + "TLS.time:1795168800\nTLS.expire:86400\n");
        assertThat(json).isEqualTo("{\"TLS.expire\":86400,\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":1400000001,"
                + "\"TLS.identifier\":\"alice\",\"TLS.sig\":\"" + expectedSig + "\",\"TLS.time\":1795168800}");
    }

    @Test
    void signsTheUserbufAsStandardBase64() {
        byte[] userbuf = {(byte) 0xfb, (byte) 0xff, 0x00};

        String sig = UserSig.generate(SDK_APP_ID, KEY, "alice", 600, userbuf, clockAt(NOW));

        JSONObject json = new JSONObject(SigFixtures.unwrap(sig));
        assertThat(json.getString("TLS.userbuf")).isEqualTo("+/8A");
        assertThat(json.getString("TLS.sig")).isEqualTo(SigFixtures.hmac(KEY,
                SigFixtures.content("alice", SDK_APP_ID, NOW.getEpochSecond(), 600) + "TLS.userbuf:+/8A\n"));
    }

    @Test
    void theUserSigUsesOnlyTencentsAlphabet() {
        for (int i = 0; i < 50; i++) {
            assertThat(UserSig.generate(SDK_APP_ID, KEY, "user" + i, i, clockAt(NOW.plusSeconds(i))))
                    .matches("[A-Za-z0-9*\\-]+_{0,2}");
        }
    }

    @Test
    void privateMapKeyExpiresWithTheUserSigAsAnAbsoluteTime() throws Exception {
        String sig = UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", 3600, RoomId.text("standup"),
                RoomPrivilege.ALL, clockAt(NOW));

        JSONObject json = new JSONObject(SigFixtures.unwrap(sig));
        PrivateMapKey key = PrivateMapKey.parse(Base64.getDecoder().decode(json.getString("TLS.userbuf")), NOW);
        assertThat(key).isEqualTo(PrivateMapKey.of(SDK_APP_ID, "alice", RoomId.text("standup"), 255,
                NOW.plusSeconds(3600)));
        assertThat(key.expiryField()).isEqualTo(NOW.getEpochSecond() + 3600);
    }

    @Test
    void systemClockOverloadsIssueNow() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        UserSigVerifier verifier = new UserSigVerifier(java.util.Map.of(SDK_APP_ID, java.util.List.of(KEY)));

        VerifiedUserSig plain = verifier.verify(SDK_APP_ID, "a", UserSig.generate(SDK_APP_ID, KEY, "a", 60));
        VerifiedUserSig withBuf = verifier.verify(SDK_APP_ID, "a",
                UserSig.generate(SDK_APP_ID, KEY, "a", 60, new byte[0]));
        VerifiedUserSig privileged = verifier.verify(SDK_APP_ID, "a",
                UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "a", 60, RoomId.numeric(1), 2));

        assertThat(plain.issuedAt()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(withBuf.issuedAt()).isAfterOrEqualTo(plain.issuedAt());
        assertThat(privileged.privateMapKey().orElseThrow().allows(RoomId.numeric(1), RoomPrivilege.ENTER_ROOM))
                .isTrue();
    }

    @Test
    void refusesArgumentsOutsideTheirRanges() {
        assertThatThrownBy(() -> UserSig.generate(0, KEY, "a", 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sdkAppId must not be 0");
        assertThatThrownBy(() -> UserSig.generate(1L << 32, KEY, "a", 60)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, "", "a", 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secretKey must not be empty");
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, KEY, "", 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userId is empty");
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, KEY, "a\nb", 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, KEY, "x".repeat(257), 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257 UTF-8 bytes");
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, KEY, "a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, KEY, "a", 1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, KEY, "a", 60, new byte[UserSig.MAX_USERBUF_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserSig.generate(SDK_APP_ID, KEY, "a", 60, clockAt(Instant.ofEpochSecond(1L << 32))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largestArgumentsStillVerify() throws Exception {
        String userId = "\u00e9".repeat(128); // 256 UTF-8 bytes
        byte[] userbuf = new byte[UserSig.MAX_USERBUF_BYTES];
        String sig = UserSig.generate(SigDocument.MAX_UINT32, KEY, userId, SigDocument.MAX_UINT32, userbuf,
                clockAt(NOW));

        SigDocument document = SigDocument.decode(sig);

        assertThat(document.identifier()).isEqualTo(userId);
        assertThat(document.userbufBytes()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(userbuf));
        assertThat(document.expire()).isEqualTo(SigDocument.MAX_UINT32);
    }
}
