package dev.parley.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the TLS files an operator has (RFC 7468 PEM): a certificate chain, leaf first, and its PKCS#8
 * private key (EC or RSA), and checks that the key belongs to the leaf certificate, so that a renewal that
 * swapped only one of the two is refused rather than served.
 */
final class PemFiles {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemFiles() {
    }

    static X509Certificate[] chain(Path file) throws ServerTls.TlsFileException {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            if (chain.length == 0) {
                throw new ServerTls.TlsFileException(file + " holds no PEM certificate (BEGIN CERTIFICATE)");
            }
            return chain;
        } catch (IOException | CertificateException e) {
            throw new ServerTls.TlsFileException(file + " is not a PEM certificate chain (BEGIN CERTIFICATE): "
                    + e.getMessage());
        }
    }

    static PrivateKey privateKey(Path file) throws ServerTls.TlsFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ServerTls.TlsFileException("cannot read " + file + ": " + e);
        }
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw new ServerTls.TlsFileException(file + " holds no PKCS#8 private key (BEGIN PRIVATE KEY); convert"
                    + " an 'EC PRIVATE KEY' or 'RSA PRIVATE KEY' with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ServerTls.TlsFileException(file + " is not an EC or RSA PKCS#8 private key");
    }

    /** Signs with the key and verifies with the certificate: they are one pair, or this throws. */
    static void checkPair(PrivateKey key, X509Certificate leaf, Path keyFile, Path certFile)
            throws ServerTls.TlsFileException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "parley tls key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            if (v.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: not a pair either
        }
        throw new ServerTls.TlsFileException("the key " + keyFile + " does not belong to the certificate " + certFile
                + " (" + leaf.getSubjectX500Principal() + ")");
    }
}
