package dev.parley.server.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves third-party TRTC pages from their folder outside the repository ({@code PARLEY_TRTC_PAGES}),
 * as they are, with one change: the page's {@code <script src>} of Tencent's SDK points at Parley's
 * {@code /sdk/trtc.js}. Files the copy lacks because the public index does not hold them (vendored
 * minified libraries) come from stand-ins under {@code /trtc-pages/} in the test resources.
 */
final class TrtcPagesServer implements AutoCloseable {
    private final HttpServer server;

    /**
     * @param root        the pages folder
     * @param sdkSources  Tencent SDK script URLs to replace, each with Parley's
     * @param parleySdk   Parley's trtc.js URL
     * @param standIns    path under root → stand-in resource name, served when the copy has no such file
     * @param fillIns     placeholder → value, replaced in the stand-ins served (the test server's app, for
     *                    the GenerateTestUserSig.js a page's deployer edits)
     */
    TrtcPagesServer(Path root, Iterable<String> sdkSources, String parleySdk, Map<String, String> standIns,
            Map<String, String> fillIns) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trtc-pages");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String rel = exchange.getRequestURI().getPath().substring(1);
            Path file = root.resolve(rel).normalize();
            byte[] body = null;
            String type = rel.endsWith(".js") ? "text/javascript" : rel.endsWith(".css") ? "text/css"
                    : "text/html; charset=utf-8";
            if (file.startsWith(root) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
                if (rel.endsWith(".html")) {
                    String html = new String(body, StandardCharsets.UTF_8);
                    for (String src : sdkSources) {
                        html = html.replace("'" + src + "'", "'" + parleySdk + "'")
                                .replace("\"" + src + "\"", "\"" + parleySdk + "\"");
                    }
                    body = html.getBytes(StandardCharsets.UTF_8);
                }
            } else if (standIns.containsKey(rel)) {
                String text = new String(standIn(standIns.get(rel)), StandardCharsets.UTF_8);
                for (Map.Entry<String, String> e : fillIns.entrySet()) {
                    text = text.replace(e.getKey(), e.getValue());
                }
                body = text.getBytes(StandardCharsets.UTF_8);
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    static byte[] standIn(String name) {
        try (InputStream in = TrtcPagesServer.class.getResourceAsStream("/trtc-pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no stand-in /trtc-pages/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
