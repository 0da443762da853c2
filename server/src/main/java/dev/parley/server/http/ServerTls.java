package dev.parley.server.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the HTTP port: HTTPS for the pages and the SDK, WSS for signaling. The certificate and key are PEM
 * files; when either changes on disk (a Let's Encrypt renewal) the next connections get the new ones, and the
 * open ones keep theirs. A file that cannot be read or parsed at a reload leaves the old context in place.
 *
 * <p>Modern settings (Mozilla's "intermediate" profile): TLS 1.3 and 1.2 only, and for 1.2 only ECDHE with
 * AEAD ciphers, so every session has forward secrecy.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** How often the files' modification times are compared. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    /** Bounds a client that opens a connection and never finishes its handshake. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final Path certificate;
    private final Path privateKey;
    private volatile SslContext context;
    private FileTime certTime;
    private FileTime keyTime;
    private ScheduledFuture<?> watch;

    private ServerTls(Path certificate, Path privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Loads the files now (a bad file stops start-up with the reason) and checks them for changes every
     * {@link #CHECK_INTERVAL} on {@code executor}.
     */
    public static ServerTls load(Path certificate, Path privateKey, EventExecutor executor) throws TlsFileException {
        ServerTls tls = new ServerTls(certificate, privateKey);
        tls.certTime = modified(certificate);
        tls.keyTime = modified(privateKey);
        tls.context = build(certificate, privateKey);
        tls.watch = executor.scheduleWithFixedDelay(tls::reloadIfChanged, CHECK_INTERVAL.toMillis(),
                CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("TLS on the HTTP port: certificate {}, key {} (reloaded when they change)", certificate, privateKey);
        return tls;
    }

    /** A handler for a new connection, with the current certificate. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler h = context.newHandler(alloc);
        h.setHandshakeTimeout(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return h;
    }

    private void reloadIfChanged() {
        try {
            FileTime c = modified(certificate);
            FileTime k = modified(privateKey);
            if (c.equals(certTime) && k.equals(keyTime)) {
                return;
            }
            context = build(certificate, privateKey);
            certTime = c;
            keyTime = k;
            log.info("TLS certificate reloaded from {}", certificate);
        } catch (TlsFileException e) {
            // Mid-renewal the key may be new and the certificate not yet: try again next time.
            log.warn("TLS certificate not reloaded, keeping the current one: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("TLS certificate reload failed, keeping the current one", e);
        }
    }

    private static FileTime modified(Path file) throws TlsFileException {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new TlsFileException("cannot read " + file + ": " + e);
        }
    }

    private static SslContext build(Path certificate, Path privateKey) throws TlsFileException {
        X509Certificate[] chain = PemFiles.chain(certificate);
        PrivateKey key = PemFiles.privateKey(privateKey);
        PemFiles.checkPair(key, chain[0], privateKey, certificate);
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsFileException("the certificate " + certificate + " and key " + privateKey
                    + " cannot be used for TLS: " + e.getMessage());
        }
    }

    /** A certificate or key file that cannot be used, and why. */
    public static final class TlsFileException extends Exception {
        TlsFileException(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.cancel(false);
        }
    }
}
