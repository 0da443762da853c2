package dev.parley.server.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the test pages (a customer's site, on its own origin) with {@code {{PARLEY}}} replaced by the
 * Parley server's URL: only the {@code <script src>} of trtc.js points at Parley.
 */
final class PageServer implements AutoCloseable {
    private final HttpServer server;
    private final String scheme;

    PageServer(String parleyBaseUrl) throws IOException {
        this(parleyBaseUrl, null);
    }

    /** @param tls when not null, the pages are served over HTTPS with this context's certificate */
    PageServer(String parleyBaseUrl, javax.net.ssl.SSLContext tls) throws IOException {
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            scheme = "http";
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress("127.0.0.1", 0), 16);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            // The JDK server's TLS exchanges are slow on its one dispatcher thread with a browser's parallel
            // (and speculative) connections: requests run on their own threads.
            https.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "https-page-server");
                t.setDaemon(true);
                return t;
            }));
            server = https;
            scheme = "https";
        }
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] body;
            try (InputStream in = PageServer.class.getResourceAsStream("/parley-it/" + name)) {
                body = in == null || name.contains("/") ? null
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{PARLEY}}", parleyBaseUrl)
                        .getBytes(StandardCharsets.UTF_8);
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type",
                        name.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    String url(String page) {
        return scheme + "://localhost:" + server.getAddress().getPort() + "/" + page;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
