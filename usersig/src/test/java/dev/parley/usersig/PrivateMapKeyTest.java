package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.SDK_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.usersig.UserSigException.Reason;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PrivateMapKeyTest {

    /** Made by Tencent's genPrivateMapKey("alice", 86400, 1234, 255) at TLS.time 1795264857. */
    private static final byte[] TENCENT_NUMERIC = Base64.getDecoder().decode("AAAFYWxpY2VTck4BAAAE0msC4tkAAAD/AAAAAA==");
    /** Made by Tencent's genPrivateMapKeyWithStringRoomID("alice", 86400, "room-abc", 3) at the same time. */
    private static final byte[] TENCENT_STRING =
            Base64.getDecoder().decode("AQAFYWxpY2VTck4BAAAAAGsC4tkAAAADAAAAAAAIcm9vbS1hYmM=");
    private static final Instant TENCENT_TIME = Instant.ofEpochSecond(1795264857L);

    private static String refusalMessage(byte[] userbuf) {
        UserSigException e = catchThrowableOfType(UserSigException.class,
                () -> PrivateMapKey.parse(userbuf, TENCENT_TIME));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        return e.getMessage();
    }

    @Test
    void parsesTencentsNumericRoomLayout() throws Exception {
        PrivateMapKey key = PrivateMapKey.parse(TENCENT_NUMERIC, TENCENT_TIME);

        assertThat(key).isEqualTo(new PrivateMapKey(SDK_APP_ID, "alice", RoomId.numeric(1234), 255, 0,
                1795264857L + 86400, TENCENT_TIME.plusSeconds(86400)));
        assertThat(key.toBytes()).isEqualTo(TENCENT_NUMERIC);
    }

    @Test
    void parsesTencentsStringRoomLayout() throws Exception {
        PrivateMapKey key = PrivateMapKey.parse(TENCENT_STRING, TENCENT_TIME);

        assertThat(key.roomId()).isEqualTo(RoomId.text("room-abc"));
        assertThat(key.privileges()).containsExactlyInAnyOrder(RoomPrivilege.CREATE_ROOM, RoomPrivilege.ENTER_ROOM);
        assertThat(key.expiresAt()).isEqualTo(TENCENT_TIME.plusSeconds(86400));
        assertThat(key.toBytes()).isEqualTo(TENCENT_STRING);
    }

    @Test
    void writesTheDocumentedLayoutByteForByte() {
        PrivateMapKey key = new PrivateMapKey(0x01020304L, "ab", RoomId.text("r"), 0x0A0B0C0DL, 7, 0x11223344L,
                Instant.ofEpochSecond(0x11223344L));

        assertThat(HexFormat.of().formatHex(key.toBytes()))
                .isEqualTo("01" + "0002" + "6162" + "01020304" + "00000000" + "11223344" + "0a0b0c0d" + "00000007"
                        + "0001" + "72");
    }

    @Test
    void smallExpiryIsSecondsAfterIssueAndLargeIsAUnixTime() {
        Instant issuedAt = Instant.parse("2026-11-20T10:00:00Z");

        assertThat(PrivateMapKey.resolveExpiry(86_400, issuedAt)).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(PrivateMapKey.resolveExpiry(PrivateMapKey.RELATIVE_EXPIRY_LIMIT - 1, issuedAt))
                .isEqualTo(issuedAt.plusSeconds(PrivateMapKey.RELATIVE_EXPIRY_LIMIT - 1));
        assertThat(PrivateMapKey.resolveExpiry(PrivateMapKey.RELATIVE_EXPIRY_LIMIT, issuedAt))
                .isEqualTo(Instant.parse("2001-09-09T01:46:40Z"));
        assertThat(PrivateMapKey.resolveExpiry(1795255200L, issuedAt)).isEqualTo(Instant.ofEpochSecond(1795255200L));
    }

    @Test
    void relativeExpiryRoundTripsAsIs() throws Exception {
        PrivateMapKey relative = new PrivateMapKey(SDK_APP_ID, "alice", RoomId.numeric(9), 2, 0, 600,
                TENCENT_TIME.plusSeconds(600));

        PrivateMapKey parsed = PrivateMapKey.parse(relative.toBytes(), TENCENT_TIME);

        assertThat(parsed).isEqualTo(relative);
        assertThat(parsed.expiryField()).isEqualTo(600);
    }

    @Test
    void refusesEveryTruncation() {
        for (byte[] valid : new byte[][] {TENCENT_NUMERIC, TENCENT_STRING}) {
            for (int length = 0; length < valid.length; length++) {
                refusalMessage(Arrays.copyOf(valid, length));
            }
        }
    }

    @Test
    void refusesTrailingBytes() {
        assertThat(refusalMessage(Arrays.copyOf(TENCENT_NUMERIC, TENCENT_NUMERIC.length + 1)))
                .contains("1 bytes after its last field");
    }

    @Test
    void refusesAnUnknownVersion() {
        byte[] bytes = TENCENT_NUMERIC.clone();
        bytes[0] = 2;

        assertThat(refusalMessage(bytes)).contains("cVer) is 2");
    }

    @Test
    void refusesAnAccountLengthBeyondTheBuffer() {
        byte[] bytes = TENCENT_NUMERIC.clone();
        bytes[1] = (byte) 0xff;
        bytes[2] = (byte) 0xff;

        assertThat(refusalMessage(bytes)).contains("65535 more bytes needed");
    }

    @Test
    void refusesNumericRoomZeroAndAllOnes() {
        byte[] zero = TENCENT_NUMERIC.clone();
        Arrays.fill(zero, 12, 16, (byte) 0);
        byte[] allOnes = TENCENT_NUMERIC.clone();
        Arrays.fill(allOnes, 12, 16, (byte) 0xff);

        assertThat(refusalMessage(zero)).contains("numeric room id is 0");
        assertThat(refusalMessage(allOnes)).contains("numeric room id is 4294967295");
    }

    @Test
    void refusesAStringRoomWithANumericRoomIdSet() {
        byte[] bytes = TENCENT_STRING.clone();
        bytes[15] = 1;

        assertThat(refusalMessage(bytes)).contains("has numeric room id 1, not 0");
    }

    @Test
    void refusesAnEmptyOrOverlongStringRoom() {
        PrivateMapKey longest = new PrivateMapKey(SDK_APP_ID, "alice", RoomId.text("r".repeat(64)), 255, 0, 60,
                TENCENT_TIME.plusSeconds(60));
        byte[] tooLong = Arrays.copyOf(longest.toBytes(), longest.toBytes().length + 1);
        tooLong[tooLong.length - 66] = 65; // wRoomStrLen, low byte: 64 -> 65
        tooLong[tooLong.length - 1] = 'r';
        byte[] empty = Arrays.copyOf(TENCENT_STRING, TENCENT_STRING.length - 8);
        empty[empty.length - 1] = 0;

        assertThat(refusalMessage(tooLong)).contains("string room id must be 1 to 64 UTF-8 bytes, was 65");
        assertThat(refusalMessage(empty)).contains("was 0");
    }

    @Test
    void refusesInvalidUtf8AndEmptyAccounts() {
        byte[] latin1 = TENCENT_NUMERIC.clone();
        latin1[3] = (byte) 0xe9;
        byte[] empty = new byte[TENCENT_NUMERIC.length - 5];
        System.arraycopy(TENCENT_NUMERIC, 8, empty, 3, empty.length - 3);

        assertThat(refusalMessage(latin1)).contains("account is not valid UTF-8");
        assertThat(refusalMessage(empty)).contains("account is empty");
    }

    @Test
    void refusesSdkAppIdZero() {
        byte[] bytes = TENCENT_NUMERIC.clone();
        Arrays.fill(bytes, 8, 12, (byte) 0);

        assertThat(refusalMessage(bytes)).contains("sdkAppId is 0");
    }

    @Test
    void privilegeBitsAreTrtcs() {
        assertThat(RoomPrivilege.values()).extracting(RoomPrivilege::bit)
                .containsExactly(1, 2, 4, 8, 16, 32, 64, 128);
        assertThat(RoomPrivilege.mapOf(RoomPrivilege.values())).isEqualTo(RoomPrivilege.ALL);
        assertThat(RoomPrivilege.setOf(0x1_00 | 4 | 64)).containsExactlyInAnyOrder(RoomPrivilege.SEND_AUDIO,
                RoomPrivilege.SEND_SCREEN);
        PrivateMapKey key = PrivateMapKey.of(SDK_APP_ID, "a", RoomId.numeric(5), 8, TENCENT_TIME);
        assertThat(key.has(RoomPrivilege.RECEIVE_AUDIO)).isTrue();
        assertThat(key.has(RoomPrivilege.SEND_AUDIO)).isFalse();
        assertThat(key.allows(RoomId.numeric(5), RoomPrivilege.RECEIVE_AUDIO)).isTrue();
        assertThat(key.allows(RoomId.text("5"), RoomPrivilege.RECEIVE_AUDIO)).isFalse();
    }

    @Test
    void roomIdsRefuseOutOfRangeValues() {
        assertThat(RoomId.numeric(4294967294L)).isEqualTo(new RoomId.Numeric(4294967294L));
        assertThatThrownBy(() -> RoomId.numeric(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomId.numeric(4294967295L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomId.text("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomId.text("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomId.text("\ud83d")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RoomId.text("会议室 \ud83d\ude00").toString()).isEqualTo("\"会议室 \ud83d\ude00\"");
    }

    @Test
    void constructionRefusesInconsistentOrOutOfRangeFields() {
        Instant at = Instant.ofEpochSecond(1795264857L);
        assertThatThrownBy(() -> new PrivateMapKey(SDK_APP_ID, "a", RoomId.numeric(1), 255, 0, 1795264857L,
                at.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresAt");
        assertThatThrownBy(() -> new PrivateMapKey(1L << 32, "a", RoomId.numeric(1), 255, 0, 1, at))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrivateMapKey(SDK_APP_ID, "", RoomId.numeric(1), 255, 0, 1, at))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrivateMapKey.of(SDK_APP_ID, "a", RoomId.numeric(1), 255, Instant.ofEpochSecond(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrivateMapKey.of(SDK_APP_ID, "a", RoomId.numeric(1), -1, at))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
