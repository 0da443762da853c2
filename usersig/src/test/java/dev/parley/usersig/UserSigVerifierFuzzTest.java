package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.KEY;
import static dev.parley.usersig.SigFixtures.NOW;
import static dev.parley.usersig.SigFixtures.SDK_APP_ID;
import static dev.parley.usersig.SigFixtures.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link UserSigVerifier#verify}: only {@link UserSigException} may escape, and whatever is
 * accepted regenerates to a UserSig that verifies to the same result. Corpus:
 * {@code src/test/resources/dev/parley/usersig/UserSigVerifierFuzzTestInputs/verify/}.
 */
class UserSigVerifierFuzzTest {

    private static final UserSigVerifier VERIFIER = SigFixtures.verifierAt(NOW);

    @FuzzTest(maxDuration = "10m")
    void verify(byte[] input) {
        String userSig = new String(input, StandardCharsets.UTF_8);
        // Claim the identity the document names, so that inputs get past the cheap checks.
        long sdkAppId = SDK_APP_ID;
        String userId = "alice";
        try {
            SigDocument claimed = SigDocument.decode(userSig);
            sdkAppId = claimed.sdkAppId();
            userId = claimed.identifier();
        } catch (UserSigException notDecodable) {
            // verify must refuse it the same way; go on with the defaults.
        }
        try {
            VerifiedUserSig verified = VERIFIER.verify(sdkAppId, userId, userSig);
            assertThat(VERIFIER.verify(sdkAppId, userId, regenerate(verified))).isEqualTo(verified);
        } catch (UserSigException refused) {
            assertThat(refused.getMessage()).doesNotContain(KEY);
        }
    }

    /** The round-trip branch above is only reached by accepted input: keep such seeds in the corpus. */
    @Test
    void validSeedsOfTheCorpusVerify() throws Exception {
        Path corpus = Path.of("src/test/resources/dev/parley/usersig/UserSigVerifierFuzzTestInputs/verify");
        try (Stream<Path> seeds = Files.list(corpus)) {
            List<Path> valid = seeds.filter(seed -> seed.getFileName().toString().startsWith("valid_")).toList();
            assertThat(valid).hasSizeGreaterThanOrEqualTo(4);
            for (Path seed : valid) {
                String userSig = Files.readString(seed);
                SigDocument claimed = SigDocument.decode(userSig);
                assertThat(VERIFIER.verify(claimed.sdkAppId(), claimed.identifier(), userSig).issuedAt())
                        .as(seed.toString()).isEqualTo(NOW);
            }
        }
    }

    private static String regenerate(VerifiedUserSig verified) {
        long expire = Duration.between(verified.issuedAt(), verified.expiresAt()).getSeconds();
        return verified.privateMapKey()
                .map(key -> UserSig.generate(verified.sdkAppId(), KEY, verified.userId(), expire, key.toBytes(),
                        clockAt(verified.issuedAt())))
                .orElseGet(() -> UserSig.generate(verified.sdkAppId(), KEY, verified.userId(), expire,
                        clockAt(verified.issuedAt())));
    }
}
