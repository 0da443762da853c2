package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.KEY;
import static dev.parley.usersig.SigFixtures.SDK_APP_ID;
import static dev.parley.usersig.SigFixtures.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vectors made by Tencent's Node library (npm {@code tls-sig-api-v2} 1.0.2, Node 20) with sdkAppId
 * 1400000001 and {@link SigFixtures#KEY}, at TLS.time 1795265881:
 * {@code genUserSig("alice", 86400)}, {@code genPrivateMapKey("alice", 86400, 1234, 255)},
 * {@code genPrivateMapKeyWithStringRoomID("bob", 86400, "room-abc", 3)}. Node writes its JSON members
 * in another order than Java, and no padding where its base64 needs none.
 */
class TencentNodeVectorsTest {

    private static final Instant ISSUED_AT = Instant.ofEpochSecond(1795265881L);
    private static final String PLAIN = "eJwtjFELgjAURv-LfQ7ZnNoc9CJChGaUvtTbcDe5LGWYRhT990D3vZ1z4PtCU9bBC0dQEAYMNguTwWGiOy1aP6hFH57"
            + "GaufIgOIRW8fXMlGPoPg2jcMkltJbfDsaEZRMIsb8BXWgQNhTbYu2m*sZqyEuP6LSYa6PmcibIm32N9NfDkioz9cd-P6VGTCw";
    private static final String NUMERIC_ROOM = "eJw1jckOgjAURf-lrQ0WLINNWDxRE6MLEwFlyVC0FrQyKNH47yaAZ3fPWdwP*LuD9uQVMDA0ApN*"
            + "i4zfGpGLXseFSPkY6kzGSokMmE7JgD6URpQcmG7PTcMyHWe0vFOi4sAcixIyqLbmVdLmwAAR19GxU5ER*qmkC0RckbL2zEYi4nKKPa77-"
            + "xZnYLCNrqqTrVfk0lY0qexpgbP16W3KbXZ53Td0-yit0NeDVeDC9wcw9kHW";
    private static final String STRING_ROOM = "eJw1jssOgjAURP-lro0WhFqauLg*EoJGYtAI7GwoWrVaK6iJ8d*NoLOYzJzZzAtW86R7lxY4uF0CnaarQp4rVaoGi4v"
            + "44Vtx3BqjCuCOR1o57VIpLYE7g8B3qc-Yj8qnUVYCZ9QjpEX1TVpRl8ABlzjJdKDW-SjGJSLiyGIt8m-CR*M4DqO7cEmVbaLD-4PaAYco15aZtG82WK"
            + "azJLQ1Oj3iLSqDxxMN4iBl2sT7K02mQ3h-AIk*Qxg_";

    private final UserSigVerifier verifier = new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY)),
            UserSigVerifier.DEFAULT_CLOCK_SKEW, clockAt(ISSUED_AT.plusSeconds(60)));

    @Test
    void plainUserSigVerifies() throws Exception {
        assertThat(verifier.verify(SDK_APP_ID, "alice", PLAIN)).isEqualTo(new VerifiedUserSig(SDK_APP_ID, "alice",
                ISSUED_AT, ISSUED_AT.plusSeconds(86_400), java.util.Optional.empty()));
    }

    @Test
    void numericRoomPrivateMapKeyDecodes() throws Exception {
        PrivateMapKey key = verifier.verify(SDK_APP_ID, "alice", NUMERIC_ROOM).privateMapKey().orElseThrow();

        assertThat(key).isEqualTo(PrivateMapKey.of(SDK_APP_ID, "alice", RoomId.numeric(1234), RoomPrivilege.ALL,
                ISSUED_AT.plusSeconds(86_400)));
    }

    @Test
    void stringRoomPrivateMapKeyDecodes() throws Exception {
        PrivateMapKey key = verifier.verify(SDK_APP_ID, "bob", STRING_ROOM).privateMapKey().orElseThrow();

        assertThat(key).isEqualTo(PrivateMapKey.of(SDK_APP_ID, "bob", RoomId.text("room-abc"), 3,
                ISSUED_AT.plusSeconds(86_400)));
    }

    @Test
    void oursCarriesTheSameSignedFieldsAsNodesInTheSameSecond() throws Exception {
        assertThat(SigDocument.decode(UserSig.generate(SDK_APP_ID, KEY, "alice", 86_400, clockAt(ISSUED_AT))))
                .isEqualTo(SigDocument.decode(PLAIN));
        assertThat(SigDocument.decode(UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", 86_400,
                RoomId.numeric(1234), 255, clockAt(ISSUED_AT)))).isEqualTo(SigDocument.decode(NUMERIC_ROOM));
        assertThat(SigDocument.decode(UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "bob", 86_400,
                RoomId.text("room-abc"), 3, clockAt(ISSUED_AT)))).isEqualTo(SigDocument.decode(STRING_ROOM));
    }
}
