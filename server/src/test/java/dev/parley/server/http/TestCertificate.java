package dev.parley.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed test certificate for localhost and 127.0.0.1, made by the openssl command line as an
 * operator would (PEM certificate, PKCS#8 key), and what tests need to trust exactly it: its SPKI hash for
 * Chromium's {@code --ignore-certificate-errors-spki-list}, a client SSLContext trusting only it, and a
 * server SSLContext presenting it.
 */
public final class TestCertificate {
    private final Path certificateFile;
    private final Path keyFile;
    private final X509Certificate certificate;

    private TestCertificate(Path certificateFile, Path keyFile) throws Exception {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        try (InputStream in = Files.newInputStream(certificateFile)) {
            this.certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** Writes {@code name}.crt and {@code name}.key into {@code dir}. */
    public static TestCertificate create(Path dir, String name) throws Exception {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate: " + output);
        }
        return new TestCertificate(cert, key);
    }

    public Path certificateFile() {
        return certificateFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)), as Chromium's --ignore-certificate-errors-spki-list takes it. */
    public String spkiSha256() throws Exception {
        return spkiSha256(certificate);
    }

    public static String spkiSha256(X509Certificate cert) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trustingOnlyThis() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("test", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A server context presenting this certificate (the test's own page server). */
    public SSLContext serverContext() throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("test", privateKey(), password, new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private PrivateKey privateKey() throws IOException, java.security.GeneralSecurityException {
        String pem = Files.readString(keyFile);
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
