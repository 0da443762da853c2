package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.KEY;
import static dev.parley.usersig.SigFixtures.NEXT_KEY;
import static dev.parley.usersig.SigFixtures.NOW;
import static dev.parley.usersig.SigFixtures.OTHER_KEY;
import static dev.parley.usersig.SigFixtures.OTHER_SDK_APP_ID;
import static dev.parley.usersig.SigFixtures.SDK_APP_ID;
import static dev.parley.usersig.SigFixtures.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.usersig.UserSigException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserSigVerifierTest {

    private static final long DAY = 86_400;
    private static final Duration SKEW = UserSigVerifier.DEFAULT_CLOCK_SKEW;

    private final UserSigVerifier verifier = new UserSigVerifier(
            Map.of(SDK_APP_ID, List.of(KEY), OTHER_SDK_APP_ID, List.of(OTHER_KEY)), SKEW, clockAt(NOW));

    private static String sigIssuedAt(Instant issuedAt, long expire) {
        return UserSig.generate(SDK_APP_ID, KEY, "alice", expire, clockAt(issuedAt));
    }

    private UserSigException refusal(long sdkAppId, String userId, String userSig) {
        return catchThrowableOfType(UserSigException.class, () -> verifier.verify(sdkAppId, userId, userSig));
    }

    @Test
    void acceptsAFreshUserSigAndReportsItsFields() throws Exception {
        VerifiedUserSig verified = verifier.verify(SDK_APP_ID, "alice", sigIssuedAt(NOW, DAY));

        assertThat(verified).isEqualTo(new VerifiedUserSig(SDK_APP_ID, "alice", NOW, NOW.plusSeconds(DAY),
                java.util.Optional.empty()));
    }

    @Test
    void acceptsAPythonStyleDocumentWithSpacesAndAnotherOrder() throws Exception {
        String sig = SigFixtures.pythonStyle("alice", SDK_APP_ID, NOW.getEpochSecond(), DAY, KEY);

        assertThat(verifier.verify(SDK_APP_ID, "alice", sig).expiresAt()).isEqualTo(NOW.plusSeconds(DAY));
    }

    @Test
    void malformedWhenNotAUserSig() {
        UserSigException e = refusal(SDK_APP_ID, "alice", "not a usersig");

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).isEqualTo("UserSig contains U+0020 at position 3; only A-Z a-z 0-9 * - _ may appear");
    }

    @Test
    void malformedWhenEmpty() {
        assertThat(refusal(SDK_APP_ID, "alice", "").reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void malformedWhenAFieldHasTheWrongType() {
        String sig = SigFixtures.wrap("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":\"1400000001\","
                + "\"TLS.expire\":86400,\"TLS.time\":1795168800,\"TLS.sig\":\"" + "A".repeat(43) + "=\"}");

        UserSigException e = refusal(SDK_APP_ID, "alice", sig);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).isEqualTo("TLS.sdkappid is a string; TLS-Sig-API v2 writes it as a number");
    }

    @Test
    void unsupportedVersionForAnotherTlsVer() {
        String sig = SigFixtures.wrap("{\"TLS.ver\":\"3.0\",\"TLS.identifier\":\"alice\"}");

        UserSigException e = refusal(SDK_APP_ID, "alice", sig);

        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("\"3.0\"").contains("v2");
    }

    @Test
    void unsupportedVersionForAVersionOneUserSig() {
        String sig = SigFixtures.wrap("{\"TLS.account_type\":\"0\",\"TLS.identifier\":\"alice\",\"TLS.appid_at_3rd\":\"0\","
                + "\"TLS.sdk_appid\":\"1400000001\",\"TLS.expire_after\":\"86400\",\"TLS.version\":\"201512300000\","
                + "\"TLS.time\":\"1795168800\",\"TLS.sig\":\"MEUCIQD=\"}");

        UserSigException e = refusal(SDK_APP_ID, "alice", sig);

        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("v1");
    }

    @Test
    void unknownSdkAppIdWhenNoKeyIsConfiguredForIt() {
        UserSigException e = refusal(1400000003L, "alice", sigIssuedAt(NOW, DAY));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SDK_APP_ID);
        assertThat(e.getMessage()).startsWith("sdkAppId 1400000003 is not configured on this server");
    }

    @Test
    void wrongSdkAppIdWhenIssuedForAnotherConfiguredOne() {
        UserSigException e = refusal(OTHER_SDK_APP_ID, "alice", sigIssuedAt(NOW, DAY));

        assertThat(e.reason()).isEqualTo(Reason.WRONG_SDK_APP_ID);
        assertThat(e.getMessage()).startsWith("UserSig was issued for sdkAppId 1400000001, not 1400000002");
    }

    @Test
    void userIdMismatchWhenIssuedForAnotherUser() {
        UserSigException e = refusal(SDK_APP_ID, "mallory", sigIssuedAt(NOW, DAY));

        assertThat(e.reason()).isEqualTo(Reason.USER_ID_MISMATCH);
        assertThat(e.getMessage()).startsWith("UserSig was issued for userId \"alice\", not \"mallory\"");
    }

    @Test
    void badSignatureWhenSignedWithAnotherKey() {
        String sig = UserSig.generate(SDK_APP_ID, OTHER_KEY, "alice", DAY, clockAt(NOW));

        UserSigException e = refusal(SDK_APP_ID, "alice", sig);

        assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).contains("sdkAppId 1400000001");
    }

    @Test
    void badSignatureWhenAFieldWasChangedAfterSigning() {
        String signed = SigFixtures.hmac(KEY, SigFixtures.content("alice", SDK_APP_ID, NOW.getEpochSecond(), DAY));
        String forged = SigFixtures.wrap("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000001,"
                + "\"TLS.expire\":999999,\"TLS.time\":" + NOW.getEpochSecond() + ",\"TLS.sig\":\"" + signed + "\"}");

        assertThat(refusal(SDK_APP_ID, "alice", forged).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void expiredOnceExpiryPlusSkewIsReached() {
        Instant issuedAt = NOW.minus(SKEW).minusSeconds(DAY);

        UserSigException e = refusal(SDK_APP_ID, "alice", sigIssuedAt(issuedAt, DAY));

        assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(e.getMessage()).startsWith("UserSig expired at 2026-11-20T09:55:00Z");
    }

    @Test
    void acceptedOneSecondBeforeExpiryPlusSkew() throws Exception {
        Instant issuedAt = NOW.minus(SKEW).minusSeconds(DAY).plusSeconds(1);

        VerifiedUserSig verified = verifier.verify(SDK_APP_ID, "alice", sigIssuedAt(issuedAt, DAY));

        assertThat(verified.expiresAt()).isEqualTo(Instant.parse("2026-11-20T09:55:01Z"));
    }

    @Test
    void notYetValidWhenIssuedFurtherAheadThanTheSkew() {
        UserSigException e = refusal(SDK_APP_ID, "alice", sigIssuedAt(NOW.plus(SKEW).plusSeconds(1), DAY));

        assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID);
        assertThat(e.getMessage()).startsWith("UserSig was issued at 2026-11-20T10:05:01Z");
    }

    @Test
    void acceptedWhenIssuedExactlyTheSkewAhead() throws Exception {
        assertThat(verifier.verify(SDK_APP_ID, "alice", sigIssuedAt(NOW.plus(SKEW), DAY)).issuedAt())
                .isEqualTo(NOW.plus(SKEW));
    }

    @Test
    void zeroSkewRefusesAtExpiryAndAcceptsASecondBefore() throws Exception {
        UserSigVerifier strict = new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY)), Duration.ZERO, clockAt(NOW));

        assertThat(strict.verify(SDK_APP_ID, "alice", sigIssuedAt(NOW.minusSeconds(DAY - 1), DAY)).userId())
                .isEqualTo("alice");
        assertThatThrownBy(() -> strict.verify(SDK_APP_ID, "alice", sigIssuedAt(NOW.minusSeconds(DAY), DAY)))
                .isInstanceOf(UserSigException.class)
                .extracting(e -> ((UserSigException) e).reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void duringARotationBothKeysAreAcceptedAndAThirdIsNot() throws Exception {
        UserSigVerifier rotating = new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY, NEXT_KEY)), SKEW, clockAt(NOW));

        assertThat(rotating.verify(SDK_APP_ID, "alice", UserSig.generate(SDK_APP_ID, KEY, "alice", DAY, clockAt(NOW)))
                .userId()).isEqualTo("alice");
        assertThat(rotating.verify(SDK_APP_ID, "alice",
                UserSig.generate(SDK_APP_ID, NEXT_KEY, "alice", DAY, clockAt(NOW))).userId()).isEqualTo("alice");
        UserSigException e = catchThrowableOfType(UserSigException.class, () -> rotating.verify(SDK_APP_ID, "alice",
                UserSig.generate(SDK_APP_ID, OTHER_KEY, "alice", DAY, clockAt(NOW))));
        assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).contains("secret keys configured");
    }

    @Test
    void privateMapKeyIsReturnedWithItsRoomAndPrivileges() throws Exception {
        String sig = UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", DAY, RoomId.numeric(42),
                RoomPrivilege.mapOf(RoomPrivilege.ENTER_ROOM, RoomPrivilege.RECEIVE_VIDEO), clockAt(NOW));

        PrivateMapKey key = verifier.verify(SDK_APP_ID, "alice", sig).privateMapKey().orElseThrow();

        assertThat(key).isEqualTo(new PrivateMapKey(SDK_APP_ID, "alice", RoomId.numeric(42), 34, 0,
                NOW.getEpochSecond() + DAY, NOW.plusSeconds(DAY)));
    }

    @Test
    void expiredWhenThePrivateMapKeyExpiresBeforeTheUserSig() {
        Instant issuedAt = NOW.minusSeconds(3600);
        PrivateMapKey shortLived = new PrivateMapKey(SDK_APP_ID, "alice", RoomId.numeric(42), 255, 0, 60,
                issuedAt.plusSeconds(60));
        String sig = UserSig.generate(SDK_APP_ID, KEY, "alice", DAY, shortLived.toBytes(), clockAt(issuedAt));

        UserSigException e = refusal(SDK_APP_ID, "alice", sig);

        assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(e.getMessage()).startsWith("PrivateMapKey (room privileges) in the UserSig expired at "
                + "2026-11-20T09:01:00Z");
    }

    @Test
    void userIdMismatchWhenThePrivateMapKeyNamesAnotherUser() {
        PrivateMapKey forBob = PrivateMapKey.of(SDK_APP_ID, "bob", RoomId.numeric(42), 255, NOW.plusSeconds(DAY));
        String sig = UserSig.generate(SDK_APP_ID, KEY, "alice", DAY, forBob.toBytes(), clockAt(NOW));

        UserSigException e = refusal(SDK_APP_ID, "alice", sig);

        assertThat(e.reason()).isEqualTo(Reason.USER_ID_MISMATCH);
        assertThat(e.getMessage()).startsWith("PrivateMapKey in the UserSig was made for userId \"bob\"");
    }

    @Test
    void wrongSdkAppIdWhenThePrivateMapKeyNamesAnotherApp() {
        PrivateMapKey forOther = PrivateMapKey.of(OTHER_SDK_APP_ID, "alice", RoomId.numeric(42), 255,
                NOW.plusSeconds(DAY));
        String sig = UserSig.generate(SDK_APP_ID, KEY, "alice", DAY, forOther.toBytes(), clockAt(NOW));

        assertThat(refusal(SDK_APP_ID, "alice", sig).reason()).isEqualTo(Reason.WRONG_SDK_APP_ID);
    }

    @Test
    void malformedWhenTheSignedUserbufIsNotAPrivateMapKey() {
        String sig = UserSig.generate(SDK_APP_ID, KEY, "alice", DAY, new byte[] {9, 9, 9}, clockAt(NOW));

        UserSigException e = refusal(SDK_APP_ID, "alice", sig);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("PrivateMapKey version (cVer) is 9");
    }

    @Test
    void emptyUserbufCarriesNoPrivileges() throws Exception {
        String sig = UserSig.generate(SDK_APP_ID, KEY, "alice", DAY, new byte[0], clockAt(NOW));

        assertThat(verifier.verify(SDK_APP_ID, "alice", sig).privateMapKey()).isEmpty();
    }

    @Test
    void messagesNeverContainTheKeyTheUserSigOrTheExpectedHmac() {
        String good = sigIssuedAt(NOW, DAY);
        String expectedHmac = SigFixtures.hmac(KEY, SigFixtures.content("alice", SDK_APP_ID, NOW.getEpochSecond(), DAY));
        String forged = UserSig.generate(SDK_APP_ID, OTHER_KEY, "alice", DAY, clockAt(NOW));
        String expired = sigIssuedAt(NOW.minusSeconds(2 * DAY), DAY);
        List<UserSigException> refusals = List.of(
                refusal(SDK_APP_ID, "alice", forged),
                refusal(SDK_APP_ID, "bob", good),
                refusal(OTHER_SDK_APP_ID, "alice", good),
                refusal(1400000009L, "alice", good),
                refusal(SDK_APP_ID, "alice", expired),
                refusal(SDK_APP_ID, "alice", good.substring(0, good.length() - 4)));

        for (UserSigException e : refusals) {
            assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain(OTHER_KEY).doesNotContain(good)
                    .doesNotContain(forged).doesNotContain(expired).doesNotContain(expectedHmac)
                    .doesNotContain(expectedHmac.substring(0, 16));
        }
    }

    @Test
    void toStringShowsAppsAndKeyCountsButNoKeys() {
        UserSigVerifier rotating = new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY, NEXT_KEY)), SKEW, clockAt(NOW));

        assertThat(rotating.toString())
                .isEqualTo("UserSigVerifier{sdkAppIds=[1400000001 (2 keys)], allowedClockSkew=PT5M}")
                .doesNotContain(KEY).doesNotContain(NEXT_KEY);
        assertThat(rotating.sdkAppIds()).containsExactly(SDK_APP_ID);
    }

    @Test
    void configurationErrorsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new UserSigVerifier(Map.of(SDK_APP_ID, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no secret key");
        assertThatThrownBy(() -> new UserSigVerifier(Map.of(SDK_APP_ID, List.of(""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty secret key");
        assertThatThrownBy(() -> new UserSigVerifier(Map.of(0L, List.of(KEY))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY)), Duration.ofHours(2), clockAt(NOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedClockSkew");
        assertThatThrownBy(() -> new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY)), Duration.ofSeconds(-1),
                clockAt(NOW))).isInstanceOf(IllegalArgumentException.class);
    }
}
