package dev.parley.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * The local DTLS identity: a self-signed ECDSA P-256 certificate, its private key, and its SDP
 * fingerprint (RFC 5763 §5, RFC 8827 §6.5).
 *
 * <p>Generate one per server process with {@link #generate()} (key generation and signing take a few
 * milliseconds: do it once at start-up, not per call) and share it between all {@link DtlsAssociation}s.
 * Put {@link #fingerprint()}{@code .toSdpValue()} in every SDP this process emits as
 * {@code a=fingerprint:sha-256 AB:CD:...}.
 *
 * <p>Immutable and thread-safe. The private key never leaves this object except to sign handshakes;
 * {@link #toString()} shows only the fingerprint.
 */
public final class DtlsCertificate {

    /** Validity starts a day in the past to tolerate peers whose clocks run slow. */
    static final Duration BACKDATE = Duration.ofDays(1);
    static final Duration VALIDITY = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final DtlsFingerprint fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = DtlsFingerprint.of(DtlsFingerprint.HashFunction.SHA_256, der);
    }

    /** Generates a fresh key pair and certificate valid from a day ago to 30 days from now. */
    public static DtlsCertificate generate() {
        return generate(Clock.systemUTC());
    }

    /**
     * Generates a fresh P-256 key pair and a self-signed SHA256withECDSA certificate with a random
     * positive serial number and a random common name, valid from {@code clock.instant() - 1 day} to
     * {@code + 30 days}.
     */
    public static DtlsCertificate generate(Clock clock) {
        X9ECParameters p256 = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
        // Named-curve domain parameters so the SubjectPublicKeyInfo carries the curve OID, not explicit
        // parameters, which browsers and OpenSSL reject (RFC 5480 §2.1.1).
        ECNamedDomainParameters domain = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p256);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, RANDOM));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

        byte[] cn = new byte[8];
        RANDOM.nextBytes(cn);
        X500Name name = new X500Name("CN=" + HexFormat.of().formatHex(cn));
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets.
        BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
        Instant now = clock.instant();
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signatureAlgorithm =
                    new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digestAlgorithm =
                    new DefaultDigestAlgorithmIdentifierFinder().find(signatureAlgorithm);
            byte[] der = builder.build(new BcECContentSignerBuilder(signatureAlgorithm, digestAlgorithm)
                    .build(keyPair.getPrivate())).getEncoded();
            return new DtlsCertificate(der, keyPair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a freshly built certificate failed", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle lacks SHA256withECDSA", e);
        }
    }

    /** The SHA-256 fingerprint to announce in SDP ({@code a=fingerprint}, RFC 8122 §5). */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /** The fingerprint with another hash function, for a peer that announced one. */
    public DtlsFingerprint fingerprint(DtlsFingerprint.HashFunction hashFunction) {
        return DtlsFingerprint.of(hashFunction, der);
    }

    /** A copy of the certificate's DER encoding. */
    public byte[] der() {
        return der.clone();
    }

    /** The certificate in PEM form (for tools such as {@code openssl x509}); it holds no secret. */
    public String toPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    byte[] derView() {
        return der;
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + fingerprint.toSdpValue() + "]";
    }
}
