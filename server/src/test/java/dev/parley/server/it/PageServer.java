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

    PageServer(String parleyBaseUrl) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
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
        return "http://localhost:" + server.getAddress().getPort() + "/" + page;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
