package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent DTLS-SRTP implementation: OpenSSL's {@code s_server} and {@code s_client}
 * over real UDP sockets on loopback. Both sides export {@code EXTRACTOR-dtls_srtp} and the bytes must be
 * equal. Fails (does not skip) when openssl is missing.
 */
class OpenSslInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern KEYING_MATERIAL = Pattern.compile("Keying material: ([0-9A-F]+)");
    private static final Pattern SRTP_PROFILE = Pattern.compile("SRTP Extension negotiated, profile=(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("(?i)^(sha\\d+) Fingerprint=([0-9A-F:]+)$");
    /** OpenSSL's names for the profiles (it drops the HMAC_ of RFC 5764's name). */
    private static final Map<DtlsSrtpProfile, String> OPENSSL_NAMES = Map.of(
            DtlsSrtpProfile.AEAD_AES_128_GCM, "SRTP_AEAD_AES_128_GCM",
            DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80, "SRTP_AES128_CM_SHA1_80");
    private static final String BOTH_PROFILES = "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80";

    @TempDir
    static Path dir;

    private static ExecutorService pool;
    private static DtlsCertificate ours;
    /** The fingerprint of OpenSSL's certificate as OpenSSL itself computes it: what its SDP would say. */
    private static DtlsFingerprint theirs;

    @BeforeAll
    static void setUp() throws Exception {
        OpenSslProcess.executable();
        pool = DtlsHandshakeExecutor.create(4);
        ours = DtlsCertificate.generate();
        OpenSslProcess.run(dir, WAIT, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-subj", "/CN=test", "-days", "2", "-keyout", "k.pem", "-out", "c.pem");
        theirs = opensslFingerprint("c.pem", "-sha256");
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void openSslComputesTheSameFingerprintsForOurCertificate() throws Exception {
        Files.writeString(dir.resolve("ours.pem"), ours.toPem());
        assertThat(opensslFingerprint("ours.pem", "-sha256")).isEqualTo(ours.fingerprint());
        assertThat(opensslFingerprint("ours.pem", "-sha256").toSdpValue()).isEqualTo(ours.fingerprint().toSdpValue());
        assertThat(opensslFingerprint("ours.pem", "-sha1"))
                .isEqualTo(ours.fingerprint(DtlsFingerprint.HashFunction.SHA_1));
        assertThat(opensslFingerprint("ours.pem", "-sha512"))
                .isEqualTo(ours.fingerprint(DtlsFingerprint.HashFunction.SHA_512));
    }

    @Test
    void ourClientAndOpenSslServerNegotiateGcmAndExportTheSameKeys() throws Exception {
        clientAgainstOpenSslServer(BOTH_PROFILES, DtlsConfig.defaults(), DtlsSrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void ourClientAndOpenSslServerNegotiateAesCmAndExportTheSameKeys() throws Exception {
        clientAgainstOpenSslServer(BOTH_PROFILES, DtlsConfig.defaults().withSrtpProfiles(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80),
                DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    @Test
    void ourServerAndOpenSslClientNegotiateGcmAndExportTheSameKeys() throws Exception {
        serverAgainstOpenSslClient(BOTH_PROFILES, DtlsConfig.defaults(), DtlsSrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void ourServerAndOpenSslClientNegotiateAesCmAndExportTheSameKeys() throws Exception {
        serverAgainstOpenSslClient("SRTP_AES128_CM_SHA1_80", DtlsConfig.defaults(), DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    @Test
    void ourClientRejectsOpenSslServerWhoseCertificateIsNotTheAnnouncedOne() throws Exception {
        DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
        try (OpenSslServer server = openSslServer(BOTH_PROFILES, 56);
                UdpDatagramPath path = new UdpDatagramPath()) {
            DtlsAssociation client = new DtlsAssociation(DtlsRole.CLIENT, ours, wrong, path, pool);
            try {
                path.sendTo(server.port());
                path.deliverTo(client);
                DtlsException failure = failureOf(client.start());
                assertThat(failure.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
                assertThat(failure.getMessage()).isEqualTo("remote certificate fingerprint " + theirs.toSdpValue()
                        + " does not match the SDP's " + wrong.toSdpValue());
                // We told OpenSSL why with a fatal bad_certificate alert (RFC 5246 §7.2.2).
                server.process().awaitLine(Pattern.compile("(?i)alert bad certificate|alert number 42"), WAIT);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void ourServerRejectsOpenSslClientWhoseCertificateIsNotTheAnnouncedOne() throws Exception {
        DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
        try (UdpDatagramPath path = new UdpDatagramPath()) {
            DtlsAssociation server = new DtlsAssociation(DtlsRole.SERVER, ours, wrong, path, pool);
            try {
                path.deliverTo(server);
                CompletableFuture<DtlsSrtpResult> result = server.start();
                try (OpenSslProcess client = openSslClient(path.localPort(), BOTH_PROFILES, 56)) {
                    DtlsException failure = failureOf(result);
                    assertThat(failure.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
                    assertThat(failure.getMessage()).startsWith("remote certificate fingerprint " + theirs.toSdpValue());
                    client.awaitLine(Pattern.compile("(?i)alert bad certificate|alert number 42"), WAIT);
                }
            } finally {
                server.close();
            }
        }
    }

    private void clientAgainstOpenSslServer(String opensslProfiles, DtlsConfig config, DtlsSrtpProfile expected)
            throws Exception {
        try (OpenSslServer server = openSslServer(opensslProfiles, expected.keyingMaterialLength());
                UdpDatagramPath path = new UdpDatagramPath()) {
            DtlsAssociation client = new DtlsAssociation(DtlsRole.CLIENT, ours, theirs, path, pool, config);
            try {
                path.sendTo(server.port());
                path.deliverTo(client);
                DtlsSrtpResult result = client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(result.profile()).isEqualTo(expected);
                assertThat(result.remoteFingerprint()).isEqualTo(theirs);
                assertThat(server.process().awaitLine(SRTP_PROFILE, WAIT)).isEqualTo(OPENSSL_NAMES.get(expected));
                assertThat(server.process().awaitLine(KEYING_MATERIAL, WAIT)).isEqualTo(hex(result.keyingMaterial()));
                // OpenSSL asked for our certificate (-verify 1) and got the one our SDP announces.
                assertThat(server.process().output()).contains(ours.toPem().strip());
            } finally {
                client.close();
            }
        }
    }

    private void serverAgainstOpenSslClient(String opensslProfiles, DtlsConfig config, DtlsSrtpProfile expected)
            throws Exception {
        try (UdpDatagramPath path = new UdpDatagramPath()) {
            DtlsAssociation server = new DtlsAssociation(DtlsRole.SERVER, ours, theirs, path, pool, config);
            try {
                path.deliverTo(server);
                CompletableFuture<DtlsSrtpResult> handshake = server.start();
                try (OpenSslProcess client = openSslClient(path.localPort(), opensslProfiles,
                        expected.keyingMaterialLength())) {
                    DtlsSrtpResult result = handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(result.profile()).isEqualTo(expected);
                    // s_client sends its certificate only when asked: our CertificateRequest worked.
                    assertThat(result.remoteFingerprint()).isEqualTo(theirs);
                    assertThat(client.awaitLine(SRTP_PROFILE, WAIT)).isEqualTo(OPENSSL_NAMES.get(expected));
                    assertThat(client.awaitLine(KEYING_MATERIAL, WAIT)).isEqualTo(hex(result.keyingMaterial()));
                }
            } finally {
                server.close();
            }
        }
    }

    /** An s_server listening on a free loopback UDP port. */
    private record OpenSslServer(OpenSslProcess process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    /** Retries on another port if the probed free port was taken before s_server could bind it. */
    private static OpenSslServer openSslServer(String profiles, int exportLength) throws Exception {
        AssertionError lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = UdpDatagramPath.freeUdpPort();
            OpenSslProcess server = OpenSslProcess.start(dir, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                    "-cert", "c.pem", "-key", "k.pem", "-verify", "1", "-naccept", "1", "-use_srtp", profiles,
                    "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(exportLength));
            try {
                server.awaitLine(Pattern.compile("^ACCEPT"), WAIT);
                return new OpenSslServer(server, port);
            } catch (AssertionError e) {
                server.close();
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    private static OpenSslProcess openSslClient(int port, String profiles, int exportLength) throws Exception {
        return OpenSslProcess.start(dir, "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + port,
                "-cert", "c.pem", "-key", "k.pem", "-use_srtp", profiles,
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(exportLength));
    }

    /** {@code openssl x509 -fingerprint} prints e.g. {@code sha256 Fingerprint=AB:CD:...}. */
    private static DtlsFingerprint opensslFingerprint(String pemFile, String digestOption) throws Exception {
        String output = OpenSslProcess.run(dir, WAIT, "x509", "-in", pemFile, "-noout", "-fingerprint", digestOption).strip();
        Matcher matcher = FINGERPRINT.matcher(output);
        assertThat(matcher.matches()).as("openssl x509 output: %s", output).isTrue();
        String algorithm = matcher.group(1).toLowerCase(java.util.Locale.ROOT).replace("sha", "sha-");
        return DtlsFingerprint.parse(algorithm + " " + matcher.group(2));
    }

    private static DtlsException failureOf(CompletableFuture<DtlsSrtpResult> result) throws Exception {
        ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> result.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(thrown.getCause()).isInstanceOf(DtlsException.class);
        return (DtlsException) thrown.getCause();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
