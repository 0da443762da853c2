package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

class DtlsFingerprintFuzzTest {

    /**
     * Whatever parses re-serialises to a value that parses to the same fingerprint, and formatting is
     * stable; nothing but {@link MalformedFingerprintException} escapes.
     */
    @FuzzTest
    void parseRoundTrips(byte[] input) {
        DtlsFingerprint parsed;
        try {
            parsed = DtlsFingerprint.parse(new String(input, StandardCharsets.UTF_8));
        } catch (MalformedFingerprintException expected) {
            return;
        }
        String formatted = parsed.toSdpValue();
        DtlsFingerprint reparsed;
        try {
            reparsed = DtlsFingerprint.parse(formatted);
        } catch (MalformedFingerprintException e) {
            throw new AssertionError("our own output does not parse: " + formatted, e);
        }
        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.toSdpValue()).isEqualTo(formatted);
        assertThat(reparsed.digest()).hasSize(parsed.hashFunction().digestLength());
    }
}
