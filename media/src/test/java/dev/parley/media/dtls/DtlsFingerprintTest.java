package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DtlsFingerprintTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    /** FIPS 180-2 Appendix B.1: SHA-256("abc"), formatted as RFC 8122 §5 requires. */
    private static final String SHA256_ABC = "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
            + "B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    @Test
    void formatsTheDigestAsUpperCaseColonSeparatedHexAfterTheHashName() {
        assertThat(DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_256, ABC).toSdpValue()).isEqualTo(SHA256_ABC);
    }

    @Test
    void computesEveryHashFunctionOnFipsVectors() {
        // FIPS 180-2 Appendix A.1 (SHA-1), FIPS 180-2 change notice (SHA-224), Appendix D.1 and C.1.
        assertThat(DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_1, ABC).toSdpValue())
                .isEqualTo("sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
        assertThat(DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_224, ABC).toSdpValue())
                .isEqualTo("sha-224 23:09:7D:22:34:05:D8:22:86:42:A4:77:BD:A2:55:B3:2A:AD:BC:E4:BD:A0:B3:F7:E3:6C:9D:A7");
        assertThat(DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_384, ABC).digest()).hasSize(48)
                .startsWith(0xCB, 0x00, 0x75, 0x3F).endsWith(0x34, 0xC8, 0x25, 0xA7);
        assertThat(DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_512, ABC).digest()).hasSize(64)
                .startsWith(0xDD, 0xAF, 0x35, 0xA1).endsWith(0xA5, 0x4C, 0xA4, 0x9F);
    }

    @Test
    void parsesWhatItFormats() throws Exception {
        DtlsFingerprint parsed = DtlsFingerprint.parse(SHA256_ABC);
        assertThat(parsed.hashFunction()).isEqualTo(DtlsFingerprint.HashFunction.SHA_256);
        assertThat(parsed).isEqualTo(DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_256, ABC));
        assertThat(parsed.toSdpValue()).isEqualTo(SHA256_ABC);
        assertThat(parsed.matches(ABC)).isTrue();
        assertThat(parsed.matches("abd".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void acceptsLowerCaseHexUpperCaseHashNameAndSurroundingWhitespace() throws Exception {
        DtlsFingerprint parsed = DtlsFingerprint.parse("  SHA-256\t " + SHA256_ABC.substring(8).toLowerCase() + " ");
        assertThat(parsed.toSdpValue()).isEqualTo(SHA256_ABC);
    }

    @Test
    void comparesCaseInsensitively() throws Exception {
        assertThat(DtlsFingerprint.parse(SHA256_ABC.toLowerCase())).isEqualTo(DtlsFingerprint.parse(SHA256_ABC))
                .hasSameHashCodeAs(DtlsFingerprint.parse(SHA256_ABC));
        assertThat(DtlsFingerprint.parse(SHA256_ABC))
                .isNotEqualTo(DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_1, ABC));
    }

    @Test
    void digestIsACopy() throws Exception {
        DtlsFingerprint parsed = DtlsFingerprint.parse(SHA256_ABC);
        parsed.digest()[0] = 0;
        assertThat(parsed.toSdpValue()).isEqualTo(SHA256_ABC);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "sha-256",
        "sha-256 ",
        "md5 01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
        "sha-257 BA:78",
        "sha-256 BA:78:16",
        "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15",
        "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD:00",
        "sha-256 BA-78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
        "sha-256 BA:7G:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
        "sha-256 BA78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD:",
        "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:A\uFF10",
        "sha-256 BA:78 16:BF",
        "sha-1 :A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D",
    })
    void rejectsMalformedValuesWithTheCheckedException(String value) {
        assertThatThrownBy(() -> DtlsFingerprint.parse(value)).isInstanceOf(MalformedFingerprintException.class);
    }

    @Test
    void rejectsOversizedInputBeforeLookingAtIt() {
        String huge = "sha-256 " + "AB:".repeat(1000) + "AB";
        assertThatThrownBy(() -> DtlsFingerprint.parse(huge))
                .isInstanceOf(MalformedFingerprintException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void hashFunctionNamesFollowTheIanaRegistry() {
        assertThat(DtlsFingerprint.HashFunction.fromSdpName("sha-1")).contains(DtlsFingerprint.HashFunction.SHA_1);
        assertThat(DtlsFingerprint.HashFunction.fromSdpName("SHA-512")).contains(DtlsFingerprint.HashFunction.SHA_512);
        assertThat(DtlsFingerprint.HashFunction.fromSdpName("md5")).isEmpty();
        assertThat(DtlsFingerprint.HashFunction.fromSdpName("sha256")).isEmpty();
    }
}
