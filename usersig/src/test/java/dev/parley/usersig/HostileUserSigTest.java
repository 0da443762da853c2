package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.KEY;
import static dev.parley.usersig.SigFixtures.NOW;
import static dev.parley.usersig.SigFixtures.SDK_APP_ID;
import static dev.parley.usersig.SigFixtures.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.usersig.UserSigException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Tampered, oversized and explosive input: refused, with bounded work, and only with the checked exception. */
class HostileUserSigTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_";
    private final UserSigVerifier verifier = SigFixtures.verifierAt(NOW);

    private UserSigException refusal(String userSig) {
        return catchThrowableOfType(UserSigException.class, () -> verifier.verify(SDK_APP_ID, "alice", userSig));
    }

    @Test
    void everySingleCharacterChangeOfAPlainUserSigIsRefusedOrCarriesTheSameSignedJson() throws Exception {
        assertEveryChangeRefused(UserSig.generate(SDK_APP_ID, KEY, "alice", 86_400, clockAt(NOW)));
    }

    @Test
    void everySingleCharacterChangeOfAPrivateMapKeyIsRefusedOrCarriesTheSameSignedJson() throws Exception {
        assertEveryChangeRefused(UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", 86_400,
                RoomId.text("room-abc"), RoomPrivilege.ALL, clockAt(NOW)));
    }

    @Test
    void everySingleCharacterChangeOfManyUserSigsIsRefusedOrCarriesTheSameSignedJson() throws Exception {
        // Other expiries and issue times move the base64 and zlib padding bits around.
        for (int i = 1; i < 4; i++) {
            assertEveryChangeRefused(UserSig.generate(SDK_APP_ID, KEY, "alice", 86_400 + i,
                    clockAt(NOW.minusSeconds(i))));
        }
    }

    /**
     * A changed character must be refused, with one exception that no TLS-Sig-API verifier can rule
     * out: DEFLATE has no canonical form (a match may point at any earlier copy of the same bytes,
     * e.g. another {@code "TLS.}), so a rare change yields another encoding of the byte-identical
     * JSON. Such a string is the same signed UserSig and must verify to the same result.
     */
    private void assertEveryChangeRefused(String valid) throws Exception {
        VerifiedUserSig original = verifier.verify(SDK_APP_ID, "alice", valid);
        String originalJson = SigFixtures.unwrap(valid);
        char[] chars = valid.toCharArray();
        int changes = 0;
        int equivalents = 0;
        for (int position = 0; position < chars.length; position++) {
            char originalChar = chars[position];
            for (char replacement : ALPHABET.toCharArray()) {
                if (replacement == originalChar) {
                    continue;
                }
                chars[position] = replacement;
                String tampered = new String(chars);
                changes++;
                try {
                    VerifiedUserSig accepted = verifier.verify(SDK_APP_ID, "alice", tampered);
                    equivalents++;
                    assertThat(SigFixtures.unwrap(tampered)).as("accepted change at %d", position)
                            .isEqualTo(originalJson);
                    assertThat(accepted).isEqualTo(original);
                } catch (UserSigException refused) {
                    assertThat(refused.reason()).isIn(Reason.MALFORMED, Reason.BAD_SIGNATURE,
                            Reason.UNSUPPORTED_VERSION, Reason.USER_ID_MISMATCH, Reason.WRONG_SDK_APP_ID);
                }
            }
            chars[position] = originalChar;
        }
        assertThat(equivalents).as("equivalent encodings among %d changes", changes).isLessThan(changes / 1000);
    }

    @Test
    void everySingleCharacterChangeOfTheSignedJsonIsRefused() throws Exception {
        String json = SigFixtures.unwrap(UserSig.generatePrivateMapKey(SDK_APP_ID, KEY, "alice", 86_400,
                RoomId.numeric(1234), RoomPrivilege.ALL, clockAt(NOW)));
        verifier.verify(SDK_APP_ID, "alice", SigFixtures.wrap(json));
        char[] chars = json.toCharArray();
        for (int position = 0; position < chars.length; position++) {
            char original = chars[position];
            for (char replacement : jsonReplacements(original)) {
                if (replacement == original) {
                    continue;
                }
                chars[position] = replacement;
                assertThat(refusal(SigFixtures.wrap(new String(chars))))
                        .as("position %d '%c' -> '%c'", position, original, replacement).isNotNull();
            }
            chars[position] = original;
        }
    }

    /** Neighbours of the character (digits and letters off by one), and every kind of JSON token. */
    private static char[] jsonReplacements(char original) {
        return ((char) (original + 1) + "" + (char) (original - 1) + "09aZ +-./:,{}[]\"\\").toCharArray();
    }

    @Test
    void tenMegabyteInputIsRefusedBeforeDecoding() {
        UserSigException e = refusal("A".repeat(10_000_000));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("10000000 characters long");
    }

    @Test
    void zipBombOfHundredMegabytesIsRefusedByTheLengthCap() {
        byte[] bomb = deflateZeros(100L * 1024 * 1024);

        UserSigException e = refusal(SigFixtures.tencentBase64(bomb));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("characters long");
    }

    @Test
    void zipBombSmallEnoughToPassTheLengthCapIsRefusedByTheInflateCap() {
        // About 1 KiB of base64 that would inflate to 10 MB of JSON-looking text.
        byte[] json = ("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"" + "a".repeat(10_000_000) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        String bomb = SigFixtures.wrapBytes(json);
        assertThat(bomb.length()).isLessThan(SigDocument.MAX_USER_SIG_CHARS);

        UserSigException e = refusal(bomb);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("decompresses to more than 65536 bytes");
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        UserSigException e = refusal(SigFixtures.wrap("{\"TLS.ver\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("nested");
    }

    @Test
    void trailingGarbageAfterTheZlibStreamIsRefused() {
        String valid = UserSig.generate(SDK_APP_ID, KEY, "alice", 86_400, clockAt(NOW));
        byte[] bytes = SigFixtures.untencentBase64(valid);
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 3);

        UserSigException e = refusal(SigFixtures.tencentBase64(longer));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("3 bytes after its zlib stream");
    }

    @Test
    void standardBase64CharactersAreRefused() {
        String valid = UserSig.generate(SDK_APP_ID, KEY, "alice", 86_400, clockAt(NOW));
        String standard = valid.replace('*', '+').replace('-', '/').replace('_', '=');

        assertThat(refusal(standard).reason()).isEqualTo(Reason.MALFORMED);
    }

    /** A zlib stream of {@code size} zero bytes, built in chunks so the test itself stays small. */
    private static byte[] deflateZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] chunk = new byte[1 << 16];
        for (long fed = 0; fed < size; fed += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }
}
