package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS settings and the files' checks: modern protocols and ciphers only, and a bad file named at start. */
class ServerTlsTest {
    @TempDir
    Path dir;
    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully();
    }

    @Test
    void onlyTls13And12WithForwardSecretAeadCiphersAreEnabled() throws Exception {
        TestCertificate cert = TestCertificate.create(dir, "server");
        try (ServerTls tls = ServerTls.load(cert.certificateFile(), cert.keyFile(), loop)) {
            SslHandler h = tls.newHandler(ByteBufAllocator.DEFAULT);
            assertThat(h.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(h.engine().getEnabledCipherSuites()).isNotEmpty()
                    .allMatch(c -> c.startsWith("TLS_AES_") || c.startsWith("TLS_CHACHA20_")
                            || c.startsWith("TLS_ECDHE_") && (c.contains("_GCM_") || c.contains("CHACHA20")),
                            "TLS 1.3 suites, or ECDHE with an AEAD cipher");
            assertThat(h.getHandshakeTimeoutMillis()).isEqualTo(ServerTls.HANDSHAKE_TIMEOUT.toMillis());
            assertThat(h.engine().getUseClientMode()).isFalse();
        }
    }

    @Test
    void aKeyFileThatIsNotAKeyIsRefusedWithBothFileNames() throws Exception {
        TestCertificate cert = TestCertificate.create(dir, "server");
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key");
        assertThatThrownBy(() -> ServerTls.load(cert.certificateFile(), garbage, loop))
                .isInstanceOf(ServerTls.TlsFileException.class)
                .hasMessageContaining("garbage.key").hasMessageContaining("PKCS#8");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        TestCertificate one = TestCertificate.create(dir, "one");
        TestCertificate other = TestCertificate.create(dir, "other");
        assertThatThrownBy(() -> ServerTls.load(one.certificateFile(), other.keyFile(), loop))
                .isInstanceOf(ServerTls.TlsFileException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void theCipherListHasNoLegacySuite() {
        assertThat(ServerTls.CIPHERS).noneMatch(c -> Arrays.asList("CBC", "RC4", "3DES", "SHA1").stream()
                .anyMatch(c::contains) || c.startsWith("TLS_RSA_"));
    }
}
