package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.http.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS and WSS on the HTTP port (--tls-cert/--tls-key) with a test certificate made by openssl, trusted by
 * the test for exactly that certificate (Chromium's --ignore-certificate-errors-spki-list with its SPKI hash;
 * nothing else is ignored): the seed pages, served over HTTPS, load the SDK over HTTPS, signal over WSS and
 * make a call; the certificate is replaced on disk and new connections get the new one.
 */
class TlsCallIT {
    private static Path dir;
    private static TestCertificate certificate;
    private static ServerProcess server;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<CallSide> sides = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("parley-tls-it");
        certificate = TestCertificate.create(dir, "server");
        server = ServerProcess.start("--tls-cert", certificate.certificateFile().toString(),
                "--tls-key", certificate.keyFile().toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("closing failed: " + e);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void seedPagesOverHttpsLoadTheSdkOverHttpsSignalOverWssAndCall() throws Exception {
        assertThat(server.baseUrl()).startsWith("https://localhost:");
        PageServer pages = new PageServer(server.baseUrl(), certificate.serverContext());
        resources.add(pages);
        int room = 443_001;
        List<CallSide> parties = new ArrayList<>();
        String[] seeds = {"seed-rtc.html", "seed-videocall.html"};
        for (int i = 0; i < 2; i++) {
            Browser b = new Browser("900,700", "--ignore-certificate-errors-spki-list=" + certificate.spkiSha256());
            resources.add(b);
            b.open(pages.url(seeds[i]) + IceTcpCallIT.query("tls" + i, room));
            CallSide s = CallSide.chromium(b, "Chromium tls" + i);
            sides.add(s);
            parties.add(s);
        }
        for (CallSide s : parties) {
            CallSide.assertReceivesLiveMedia(s, 1, () -> CallSide.context(server, sides));
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) s.js("return {protocol: location.protocol,"
                    + " secure: window.isSecureContext, ws: window.__wsUrls,"
                    + " sdk: performance.getEntriesByType('resource').map((e) => e.name)"
                    + ".filter((n) => n.includes('/sdk/trtc.js'))};");
            assertThat(page.get("protocol")).isEqualTo("https:");
            assertThat(page.get("secure")).isEqualTo(true);
            assertThat((List<Object>) page.get("sdk")).containsExactly(server.baseUrl() + "/sdk/trtc.js");
            assertThat((List<Object>) page.get("ws")).isNotEmpty()
                    .allSatisfy(u -> assertThat((String) u).startsWith("wss://localhost:" + server.httpPort() + "/ws"));
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoPage() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.httpPort() + "/sdk/trtc.js")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    /** A Let's Encrypt renewal: new files in place; open connections keep theirs, new ones get the new one. */
    @Test
    void aRenewedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
        assertThat(served(certificate.trustingOnlyThis())).isEqualTo(certificate.certificate());
        TestCertificate renewed = TestCertificate.create(dir, "renewed");
        // Written as certbot does, key and certificate replaced; a later mtime whatever the clock's granularity.
        FileTime later = FileTime.from(Instant.now().plusSeconds(5));
        Files.copy(renewed.keyFile(), certificate.keyFile(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed.certificateFile(), certificate.certificateFile(), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(certificate.keyFile(), later);
        Files.setLastModifiedTime(certificate.certificateFile(), later);

        SSLContext trustsRenewed = renewed.trustingOnlyThis();
        Poll.until("new connections get the renewed certificate", Duration.ofSeconds(30), () -> {
            try {
                return served(trustsRenewed).equals(renewed.certificate());
            } catch (IOException e) {
                return false; // still the old certificate, which this client does not trust
            }
        }, () -> Poll.tail(server.log(), 30));
        assertThat(server.log()).contains("TLS certificate reloaded");
        // The seed test's pages, if run after this one, use the renewed certificate through this field.
        certificate = renewed;
    }

    /** The certificate a new TLS connection to the HTTP port is given. */
    private static X509Certificate served(SSLContext trust) throws IOException {
        try (SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket("localhost", server.httpPort())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }
}
