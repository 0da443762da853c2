package dev.parley.server.it;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The CDNs a third-party page loads scripts from, offline: one HTTPS server (a throwaway self-signed
 * certificate, made with the JDK's keytool) that Chromium reaches for those hosts through
 * {@code --host-resolver-rules} and accepts with {@code --ignore-certificate-errors}. It answers the
 * scripts it has a stand-in for (under {@code /trtc-pages/} in the test resources) and 404 for the rest
 * (a page's stylesheets and images, and scripts with an SRI hash no stand-in could match).
 */
final class CdnStandIn implements AutoCloseable {
    /** Hosts TRTC's v4 demo pages load from. */
    static final List<String> HOSTS = List.of("cdn.jsdelivr.net", "cdn.bootcss.com", "cdn-go.cn",
            "web.sdk.qcloud.com");

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Path dir;

    /** @param standIns URL path suffix → stand-in resource name under /trtc-pages/ */
    CdnStandIn(Map<String, String> standIns) throws Exception {
        dir = Files.createTempDirectory("parley-cdn-");
        Path keystore = dir.resolve("cdn.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "cdn", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=parley-cdn-stand-in", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "parley", "-keypass", "parley").redirectErrorStream(true).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "parley".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "parley".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        // The JDK's server does each TLS handshake on the thread that runs the exchange: with its default
        // (the dispatcher itself) one connection Chromium opened ahead and left idle stalls all others.
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cdn-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = null;
            for (Map.Entry<String, String> e : standIns.entrySet()) {
                if (path.endsWith(e.getKey())) {
                    body = TrtcPagesServer.standIn(e.getValue());
                }
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "text/javascript");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    /** Chromium switches that send the CDN hosts here. */
    String[] chromiumArguments() {
        StringBuilder rules = new StringBuilder();
        for (String host : HOSTS) {
            rules.append(rules.length() == 0 ? "" : ",").append("MAP ").append(host).append(" 127.0.0.1:")
                    .append(server.getAddress().getPort());
        }
        return new String[] {"--host-resolver-rules=" + rules, "--ignore-certificate-errors"};
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.shutdownNow();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
