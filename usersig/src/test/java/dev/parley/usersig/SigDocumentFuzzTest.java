package dev.parley.usersig;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the decoding under the signature check (base64, zlib, JSON, fields), which the verifier fuzz
 * test rarely gets past: only {@link UserSigException} may escape, and whatever decodes re-encodes to
 * a UserSig that decodes to the same fields. Corpus:
 * {@code src/test/resources/dev/parley/usersig/SigDocumentFuzzTestInputs/decode/}.
 */
class SigDocumentFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] input) {
        try {
            SigDocument document = SigDocument.decode(new String(input, StandardCharsets.UTF_8));
            assertThat(SigDocument.decode(document.encode())).isEqualTo(document);
        } catch (UserSigException refused) {
            assertThat(refused.reason()).isIn(UserSigException.Reason.MALFORMED,
                    UserSigException.Reason.UNSUPPORTED_VERSION);
        }
    }
}
