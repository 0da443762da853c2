package dev.parley.server.auth;

import static dev.parley.usersig.RoomPrivilege.ENTER_ROOM;
import static dev.parley.usersig.RoomPrivilege.RECEIVE_AUDIO;
import static dev.parley.usersig.RoomPrivilege.RECEIVE_VIDEO;
import static dev.parley.usersig.RoomPrivilege.SEND_AUDIO;
import static dev.parley.usersig.RoomPrivilege.SEND_VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.RoomPrivilege;
import dev.parley.usersig.UserSig;
import dev.parley.usersig.UserSigException;
import dev.parley.usersig.UserSigVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A join's UserSig and the PrivateMapKeys that come with it (inside the UserSig, or as TRTC's
 * {@code privateMapKey} option) turned into a {@link Grant}, or refused with a message that names the
 * failed check and holds no secret. Time is a fixed clock shared by the issuer and the verifier.
 */
class UserSigAuthenticatorTest {
    private static final long APP = 1_400_000_001L;
    private static final long OTHER_APP = 1_400_000_002L;
    private static final String SECRET = "5ecret-of-app-one-0123456789abcdef0123456789abcdef";
    private static final String OTHER_SECRET = "5ecret-of-app-two-fedcba9876543210fedcba9876543210";
    private static final String USER = "alice";
    private static final RoomId ROOM = RoomId.numeric(1234);
    private static final long DAY = 86_400;
    private static final Clock NOW = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    private final UserSigVerifier verifier = new UserSigVerifier(
            Map.of(APP, List.of(SECRET), OTHER_APP, List.of(OTHER_SECRET)), Duration.ofMinutes(5), NOW);
    private final UserSigAuthenticator auth = new UserSigAuthenticator(verifier);
    /** Every UserSig and key the tests present: no refusal may quote one. */
    private final List<String> presented = new ArrayList<>();

    private String userSig() {
        return remember(UserSig.generate(APP, SECRET, USER, DAY, NOW));
    }

    private String privateMapKey(RoomId room, RoomPrivilege... privileges) {
        return remember(UserSig.generatePrivateMapKey(APP, SECRET, USER, DAY, room, RoomPrivilege.mapOf(privileges),
                NOW));
    }

    private String remember(String sig) {
        presented.add(sig);
        return sig;
    }

    private Grant authorize(String userSig, Optional<String> option, RoomId room) throws AuthException {
        return auth.authorize(APP, USER, userSig, option, room);
    }

    private String refusal(String userSig, Optional<String> option, RoomId room) {
        AuthException e = catchThrowableOfType(() -> authorize(userSig, option, room), AuthException.class);
        assertThat(e).as("refused").isNotNull();
        String message = e.getMessage();
        assertThat(message).doesNotContain(SECRET).doesNotContain(OTHER_SECRET);
        for (String sig : presented) {
            assertThat(message).as("quotes no UserSig or key").doesNotContain(sig);
        }
        return message;
    }

    /** What the verifier itself says about {@code sig}: the reason a refusal passes on. */
    private String verifierReason(String sig) {
        UserSigException e = catchThrowableOfType(() -> verifier.verify(APP, USER, sig), UserSigException.class);
        assertThat(e).as("the verifier refuses it").isNotNull();
        return e.getMessage();
    }

    // --- grants -------------------------------------------------------------------------------------

    @Test
    void aPlainUserSigGrantsEverything() throws Exception {
        assertThat(authorize(userSig(), Optional.empty(), ROOM)).isEqualTo(Grant.ALL);
    }

    @Test
    void aPrivateMapKeyInsideTheUserSigGrantsExactlyItsPrivileges() throws Exception {
        String sig = privateMapKey(ROOM, ENTER_ROOM, RECEIVE_AUDIO, RECEIVE_VIDEO);

        Grant grant = authorize(sig, Optional.empty(), ROOM);

        assertThat(grant.privileges()).containsExactlyInAnyOrder(ENTER_ROOM, RECEIVE_AUDIO, RECEIVE_VIDEO);
    }

    @Test
    void thePrivateMapKeyOptionWithAPlainUserSigGrantsExactlyItsPrivileges() throws Exception {
        String option = privateMapKey(ROOM, ENTER_ROOM, SEND_AUDIO);

        Grant grant = authorize(userSig(), Optional.of(option), ROOM);

        assertThat(grant.privileges()).containsExactlyInAnyOrder(ENTER_ROOM, SEND_AUDIO);
    }

    @Test
    void withBothKeysOnlyWhatBothAllowIsGranted() throws Exception {
        String inside = privateMapKey(ROOM, ENTER_ROOM, SEND_AUDIO, RECEIVE_AUDIO, SEND_VIDEO);
        String option = privateMapKey(ROOM, ENTER_ROOM, RECEIVE_AUDIO, SEND_VIDEO, RECEIVE_VIDEO);

        Grant grant = authorize(inside, Optional.of(option), ROOM);

        assertThat(grant.privileges()).containsExactlyInAnyOrder(ENTER_ROOM, RECEIVE_AUDIO, SEND_VIDEO);
    }

    @Test
    void aStringRoomIdIsMatchedByItsKey() throws Exception {
        RoomId room = RoomId.text("design-review");

        Grant grant = authorize(privateMapKey(room, ENTER_ROOM, RECEIVE_AUDIO), Optional.empty(), room);

        assertThat(grant.privileges()).containsExactlyInAnyOrder(ENTER_ROOM, RECEIVE_AUDIO);
    }

    // --- refusals of a key ----------------------------------------------------------------------------

    @Test
    void aKeyForAnotherRoomIsRefusedNamingEnterRoomAndBothRooms() {
        String forOtherRoom = privateMapKey(RoomId.numeric(5678), ENTER_ROOM, SEND_AUDIO);

        String inside = refusal(forOtherRoom, Optional.empty(), ROOM);
        String asOption = refusal(userSig(), Optional.of(forOtherRoom), ROOM);

        assertThat(inside).startsWith("the UserSig's PrivateMapKey does not let alice enter room 1234")
                .contains("room 5678").contains("ENTER_ROOM");
        assertThat(asOption).startsWith("the privateMapKey does not let alice enter room 1234")
                .contains("room 5678").contains("ENTER_ROOM");
    }

    @Test
    void aKeyForNumericRoom1234DoesNotOpenStringRoom1234() {
        String numeric = privateMapKey(RoomId.numeric(1234), ENTER_ROOM);
        String text = privateMapKey(RoomId.text("1234"), ENTER_ROOM);

        String intoText = refusal(numeric, Optional.empty(), RoomId.text("1234"));
        String intoNumeric = refusal(userSig(), Optional.of(text), RoomId.numeric(1234));

        assertThat(intoText).contains("enter room \"1234\"").contains("for room 1234 ").contains("ENTER_ROOM");
        assertThat(intoNumeric).contains("enter room 1234 ").contains("for room \"1234\"").contains("ENTER_ROOM");
    }

    @Test
    void aKeyWithoutEnterRoomIsRefusedEvenForItsOwnRoom() {
        String noEntry = privateMapKey(ROOM, SEND_AUDIO, RECEIVE_AUDIO, SEND_VIDEO, RECEIVE_VIDEO);

        String inside = refusal(noEntry, Optional.empty(), ROOM);
        String asOption = refusal(userSig(), Optional.of(noEntry), ROOM);

        assertThat(inside).contains("enter room 1234").contains("missing privilege ENTER_ROOM");
        assertThat(asOption).contains("enter room 1234").contains("missing privilege ENTER_ROOM");
    }

    @Test
    void aKeyThatFailsRefusesTheJoinEvenWhenTheOtherKeyWouldAllowIt() {
        String good = privateMapKey(ROOM, ENTER_ROOM, RECEIVE_AUDIO);
        String noEntry = privateMapKey(ROOM, RECEIVE_AUDIO);

        assertThat(refusal(good, Optional.of(noEntry), ROOM)).startsWith("the privateMapKey");
        assertThat(refusal(noEntry, Optional.of(good), ROOM)).startsWith("the UserSig's PrivateMapKey");
    }

    @Test
    void anOptionKeyThatIsAPlainUserSigIsRefusedAsCarryingNoPrivileges() {
        String message = refusal(userSig(), Optional.of(userSig()), ROOM);

        assertThat(message).startsWith("privateMapKey carries no room privileges").contains("genPrivateMapKey");
    }

    @Test
    void anOptionKeyForAnotherUserIsRefusedWithTheVerifiersReason() {
        String forBob = remember(UserSig.generatePrivateMapKey(APP, SECRET, "bob", DAY, ROOM, RoomPrivilege.ALL, NOW));

        String message = refusal(userSig(), Optional.of(forBob), ROOM);

        assertThat(message).isEqualTo("privateMapKey: " + verifierReason(forBob)).contains("\"bob\"");
    }

    @Test
    void anOptionKeyForAnotherAppIsRefusedWithTheVerifiersReason() {
        String otherApp = remember(UserSig.generatePrivateMapKey(OTHER_APP, OTHER_SECRET, USER, DAY, ROOM,
                RoomPrivilege.ALL, NOW));

        String message = refusal(userSig(), Optional.of(otherApp), ROOM);

        assertThat(message).isEqualTo("privateMapKey: " + verifierReason(otherApp)).contains("" + OTHER_APP);
    }

    @Test
    void anExpiredOptionKeyIsRefusedWithTheVerifiersReason() {
        Clock twoDaysAgo = Clock.offset(NOW, Duration.ofDays(-2));
        String expired = remember(UserSig.generatePrivateMapKey(APP, SECRET, USER, DAY, ROOM, RoomPrivilege.ALL,
                twoDaysAgo));

        String message = refusal(userSig(), Optional.of(expired), ROOM);

        assertThat(message).isEqualTo("privateMapKey: " + verifierReason(expired)).contains("expired");
    }

    @Test
    void anOptionKeySignedWithAnotherSecretIsRefusedWithTheVerifiersReason() {
        String forged = remember(UserSig.generatePrivateMapKey(APP, OTHER_SECRET, USER, DAY, ROOM, RoomPrivilege.ALL,
                NOW));

        String message = refusal(userSig(), Optional.of(forged), ROOM);

        assertThat(message).isEqualTo("privateMapKey: " + verifierReason(forged)).contains("signature");
    }

    // --- refusals of the UserSig --------------------------------------------------------------------

    @Test
    void aUserSigSignedWithAnotherSecretIsRefusedWithTheVerifiersReasonAlone() {
        String forged = remember(UserSig.generate(APP, OTHER_SECRET, USER, DAY, NOW));

        String message = refusal(forged, Optional.empty(), ROOM);

        assertThat(message).isEqualTo(verifierReason(forged)).contains("signature");
    }

    @Test
    void theUserSigIsCheckedBeforeAnyKeyAndForTheJoiningUser() {
        String forBob = remember(UserSig.generate(APP, SECRET, "bob", DAY, NOW));

        String message = refusal(forBob, Optional.of(privateMapKey(ROOM, ENTER_ROOM)), ROOM);

        assertThat(message).isEqualTo(verifierReason(forBob)).doesNotStartWith("privateMapKey");
    }

    @Test
    void anExpiredUserSigIsRefused() {
        String expired = remember(UserSig.generate(APP, SECRET, USER, DAY, Clock.offset(NOW, Duration.ofDays(-2))));

        assertThat(refusal(expired, Optional.empty(), ROOM)).contains("expired");
    }

    @Test
    void anSdkAppIdWithoutSecretIsRefused() {
        AuthException e = catchThrowableOfType(
                () -> auth.authorize(1_400_000_999L, USER, userSig(), Optional.empty(), ROOM), AuthException.class);

        assertThat(e).hasMessageContaining("1400000999").hasMessageContaining("not configured");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }
}
