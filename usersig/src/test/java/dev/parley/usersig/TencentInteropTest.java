package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.KEY;
import static dev.parley.usersig.SigFixtures.SDK_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.tencentyun.TLSSigAPIv2;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Interop with Tencent's own Java library ({@code com.github.tencentyun:tls-sig-api-v2:2.0}), the
 * reference we did not write. It signs with the real clock, so our verifier here does too.
 */
class TencentInteropTest {

    private static final long EXPIRE = 86_400;
    private final TLSSigAPIv2 tencent = new TLSSigAPIv2(SDK_APP_ID, KEY);
    private final UserSigVerifier verifier = new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY)));

    @Test
    void tencentPlainUserSigVerifies() throws Exception {
        VerifiedUserSig verified = verifier.verify(SDK_APP_ID, "alice", tencent.genUserSig("alice", EXPIRE));

        assertThat(verified.sdkAppId()).isEqualTo(SDK_APP_ID);
        assertThat(verified.userId()).isEqualTo("alice");
        assertThat(Duration.between(verified.issuedAt(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(verified.expiresAt()).isEqualTo(verified.issuedAt().plusSeconds(EXPIRE));
        assertThat(verified.privateMapKey()).isEmpty();
    }

    @Test
    void tencentPrivateMapKeyWithNumericRoomDecodesToRoomAndPrivileges() throws Exception {
        String sig = tencent.genPrivateMapKey("alice", EXPIRE, 1234, 255);

        VerifiedUserSig verified = verifier.verify(SDK_APP_ID, "alice", sig);

        PrivateMapKey key = verified.privateMapKey().orElseThrow();
        assertThat(key.roomId()).isEqualTo(RoomId.numeric(1234));
        assertThat(key.privileges()).containsExactlyInAnyOrder(RoomPrivilege.values());
        assertThat(key.privilegeMap()).isEqualTo(255);
        assertThat(key.sdkAppId()).isEqualTo(SDK_APP_ID);
        assertThat(key.userId()).isEqualTo("alice");
        assertThat(key.accountType()).isZero();
        // Tencent 2.0 writes now + expire as an absolute time, reading the clock a second time.
        assertThat(key.expiryField()).isGreaterThan(PrivateMapKey.RELATIVE_EXPIRY_LIMIT);
        assertThat(Duration.between(verified.expiresAt(), key.expiresAt())).isBetween(Duration.ZERO,
                Duration.ofSeconds(1));
    }

    @Test
    void tencentPrivateMapKeyWithStringRoomDecodesToRoomAndPrivileges() throws Exception {
        long createAndEnter = 3;
        String sig = tencent.genPrivateMapKeyWithStringRoomID("bob", EXPIRE, "room-abc", createAndEnter);

        PrivateMapKey key = verifier.verify(SDK_APP_ID, "bob", sig).privateMapKey().orElseThrow();

        assertThat(key.roomId()).isEqualTo(RoomId.text("room-abc"));
        assertThat(key.privileges()).containsExactlyInAnyOrder(RoomPrivilege.CREATE_ROOM, RoomPrivilege.ENTER_ROOM);
        assertThat(key.has(RoomPrivilege.SEND_AUDIO)).isFalse();
        assertThat(key.allows(RoomId.text("room-abc"), RoomPrivilege.ENTER_ROOM)).isTrue();
        assertThat(key.allows(RoomId.text("room-abd"), RoomPrivilege.ENTER_ROOM)).isFalse();
    }

    @Test
    void tencentUserbufBytesEqualOurPrivateMapKeyBytes() throws Exception {
        String sig = tencent.genPrivateMapKeyWithStringRoomID("bob", EXPIRE, "room-abc", 3);
        JSONObject json = new JSONObject(SigFixtures.unwrap(sig));
        byte[] theirs = Base64.getDecoder().decode(json.getString("TLS.userbuf"));

        PrivateMapKey parsed = PrivateMapKey.parse(theirs, Instant.ofEpochSecond(json.getLong("TLS.time")));
        PrivateMapKey ours = PrivateMapKey.of(SDK_APP_ID, "bob", RoomId.text("room-abc"), 3, parsed.expiresAt());

        assertThat(ours.toBytes()).isEqualTo(theirs);
    }

    @Test
    void ourPlainUserSigIsByteIdenticalToTencentsInTheSameSecond() {
        for (String userId : List.of("alice", "José \"Q\" <b>x</b> \\ 中文 \u2028 \u00a0 /")) {
            String[] pair = sameSecond(() -> tencent.genUserSig(userId, EXPIRE),
                    clock -> UserSig.generate(SDK_APP_ID, KEY, userId, EXPIRE, clock));
            assertThat(pair[1]).as(userId).isEqualTo(pair[0]);
        }
    }

    @Test
    void ourPrivateMapKeysAreByteIdenticalToTencentsInTheSameSecond() {
        String[] numeric = sameSecond(() -> tencent.genPrivateMapKey("alice", EXPIRE, 1234, 255),
                clock -> UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", EXPIRE, RoomId.numeric(1234), 255,
                        clock));
        String[] text = sameSecond(() -> tencent.genPrivateMapKeyWithStringRoomID("alice", EXPIRE, "room-abc", 3),
                clock -> UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", EXPIRE, RoomId.text("room-abc"), 3,
                        clock));

        assertThat(numeric[1]).isEqualTo(numeric[0]);
        assertThat(text[1]).isEqualTo(text[0]);
    }

    @Test
    void ourJsonHasTencentsFieldsTypesAndOrder() {
        String theirs = SigFixtures.unwrap(tencent.genPrivateMapKey("alice", EXPIRE, 1234, 255));
        String ours = SigFixtures.unwrap(UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", EXPIRE,
                RoomId.numeric(1234), 255, Clock.systemUTC()));

        assertThat(fieldTypes(new JSONObject(ours))).isEqualTo(fieldTypes(new JSONObject(theirs)))
                .containsEntry("TLS.ver", "String").containsEntry("TLS.sdkappid", "Integer")
                .containsEntry("TLS.time", "Integer").containsEntry("TLS.expire", "Integer")
                .containsEntry("TLS.identifier", "String").containsEntry("TLS.sig", "String")
                .containsEntry("TLS.userbuf", "String");
        assertThat(keyOrder(ours)).isEqualTo(keyOrder(theirs));
    }

    /** Tencent's Java library has no verify method; its own HMAC routine, applied to our fields, must agree. */
    @Test
    void tencentsHmacRoutineAcceptsOurSignature() throws Exception {
        Method hmac = TLSSigAPIv2.class.getDeclaredMethod("hmacsha256", String.class, long.class, long.class,
                String.class);
        hmac.setAccessible(true);
        String ours = UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "carol", EXPIRE, RoomId.text("r1"), 2,
                Clock.systemUTC());
        JSONObject json = new JSONObject(SigFixtures.unwrap(ours));

        Object theirSig = hmac.invoke(tencent, json.getString("TLS.identifier"), json.getLong("TLS.time"),
                json.getLong("TLS.expire"), json.getString("TLS.userbuf"));

        assertThat(theirSig).isEqualTo(json.getString("TLS.sig"));
        assertThat(json.getString("TLS.ver")).isEqualTo("2.0");
        assertThat(json.getLong("TLS.sdkappid")).isEqualTo(SDK_APP_ID);
    }

    @Test
    void ourHmacMatchesAnIndependentComputationOfTencentsContent() throws Exception {
        String sig = tencent.genUserSig("dave", EXPIRE);
        JSONObject json = new JSONObject(SigFixtures.unwrap(sig));
        String content = SigFixtures.content("dave", SDK_APP_ID, json.getLong("TLS.time"), EXPIRE);

        assertThat(json.getString("TLS.sig")).isEqualTo(SigFixtures.hmac(KEY, content));
        assertThat(SigDocument.decode(sig).contentToSign()).isEqualTo(content);
    }

    /**
     * Runs Tencent's generator, then ours at the second Tencent used (read back from its JSON). Tencent
     * reads the clock twice for a PrivateMapKey; if the second changed in between, try again.
     */
    private static String[] sameSecond(java.util.function.Supplier<String> theirs,
                                       java.util.function.Function<Clock, String> ours) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String tencentSig = theirs.get();
            JSONObject json = new JSONObject(SigFixtures.unwrap(tencentSig));
            long time = json.getLong("TLS.time");
            if (json.has("TLS.userbuf") && !userbufExpiryMatches(json, time)) {
                continue;
            }
            return new String[] {tencentSig, ours.apply(SigFixtures.clockAt(Instant.ofEpochSecond(time)))};
        }
        throw new AssertionError("clock kept changing second");
    }

    private static boolean userbufExpiryMatches(JSONObject json, long time) {
        try {
            PrivateMapKey key = PrivateMapKey.parse(Base64.getDecoder().decode(json.getString("TLS.userbuf")),
                    Instant.ofEpochSecond(time));
            return key.expiryField() == time + json.getLong("TLS.expire");
        } catch (UserSigException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> fieldTypes(JSONObject json) {
        Map<String, String> types = new TreeMap<>();
        for (String name : json.keySet()) {
            types.put(name, json.get(name).getClass().getSimpleName());
        }
        return types;
    }

    private static List<String> keyOrder(String json) {
        return java.util.regex.Pattern.compile("\"(TLS\\.[a-z]+)\":").matcher(json).results()
                .map(m -> m.group(1)).toList();
    }
}
