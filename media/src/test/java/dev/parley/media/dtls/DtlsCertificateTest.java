package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private static DtlsCertificate certificate;
    private static X509Certificate x509;

    @BeforeAll
    static void generate() throws Exception {
        certificate = DtlsCertificate.generate(Clock.fixed(NOW, ZoneOffset.UTC));
        x509 = parse(certificate.der());
    }

    private static X509Certificate parse(byte[] encoded) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    @Test
    void isASelfSignedEcdsaP256CertificateSignedWithSha256() throws Exception {
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(x509.getPublicKey().getEncoded()).as("named curve OID 1.2.840.10045.3.1.7 in the key")
                .containsSequence(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07);
        assertThat(x509.getSubjectX500Principal()).isEqualTo(x509.getIssuerX500Principal());
        assertThat(x509.getSubjectX500Principal().getName()).matches("CN=[0-9a-f]{16}");
        x509.verify(x509.getPublicKey()); // throws unless self-signed with its own key
    }

    @Test
    void isValidFromADayAgoForThirtyDays() {
        assertThat(x509.getNotBefore().toInstant()).isEqualTo(Instant.parse("2025-02-28T12:00:00Z"));
        assertThat(x509.getNotAfter().toInstant()).isEqualTo(Instant.parse("2025-03-31T12:00:00Z"));
    }

    @Test
    void hasAPositiveRandomSerialAndRandomName() {
        DtlsCertificate other = DtlsCertificate.generate();
        assertThat(x509.getSerialNumber()).isPositive();
        assertThat(other.der()).isNotEqualTo(certificate.der());
        assertThat(other.fingerprint()).isNotEqualTo(certificate.fingerprint());
    }

    @Test
    void fingerprintIsTheSha256OfTheDer() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(x509.getEncoded());
        assertThat(certificate.fingerprint().hashFunction()).isEqualTo(DtlsFingerprint.HashFunction.SHA_256);
        assertThat(certificate.fingerprint().digest()).isEqualTo(expected);
        assertThat(certificate.fingerprint().toSdpValue()).matches("sha-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}");
        assertThat(certificate.fingerprint(DtlsFingerprint.HashFunction.SHA_1).digest())
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(x509.getEncoded()));
    }

    @Test
    void pemEncodesTheSameCertificate() throws Exception {
        String pem = certificate.toPem();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(parse(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(x509);
    }

    @Test
    void derIsACopyAndToStringShowsOnlyTheFingerprint() {
        certificate.der()[0] = 0;
        assertThat(certificate.der()[0]).isEqualTo((byte) 0x30);
        assertThat(certificate.toString()).isEqualTo("DtlsCertificate[" + certificate.fingerprint().toSdpValue() + "]");
    }
}
