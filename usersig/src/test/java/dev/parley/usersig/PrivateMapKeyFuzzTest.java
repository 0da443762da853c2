package dev.parley.usersig;

import static dev.parley.usersig.SigFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link PrivateMapKey#parse}: only {@link UserSigException} may escape, and whatever parses
 * writes back to exactly the input bytes. Corpus:
 * {@code src/test/resources/dev/parley/usersig/PrivateMapKeyFuzzTestInputs/parse/}.
 */
class PrivateMapKeyFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) {
        try {
            PrivateMapKey key = PrivateMapKey.parse(input, NOW);
            assertThat(key.toBytes()).isEqualTo(input);
            assertThat(PrivateMapKey.parse(key.toBytes(), NOW)).isEqualTo(key);
        } catch (UserSigException refused) {
            assertThat(refused.reason()).isEqualTo(UserSigException.Reason.MALFORMED);
        }
    }
}
