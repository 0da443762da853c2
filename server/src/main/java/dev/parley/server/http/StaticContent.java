package dev.parley.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The Web SDK and demo page, read once from the classpath folder {@code parley/web/} and kept in memory. */
final class StaticContent {
    private static final String ROOT = "parley/web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "ts", "text/plain; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon",
            "md", "text/markdown; charset=utf-8");

    record Resource(byte[] body, String contentType) {
    }

    private final Map<String, Optional<Resource>> cache = new ConcurrentHashMap<>();

    /** The resource for a request path, or empty. Paths with {@code ..} or other oddities are never found. */
    Optional<Resource> find(String path) {
        String p = path.equals("/") ? "/index.html" : path;
        if (!p.matches("(/[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*)+")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(p, this::load);
    }

    private Optional<Resource> load(String path) {
        try (InputStream in = StaticContent.class.getClassLoader().getResourceAsStream(ROOT + path.substring(1))) {
            if (in == null) {
                return Optional.empty();
            }
            String ext = path.substring(path.lastIndexOf('.') + 1);
            return Optional.of(new Resource(in.readAllBytes(), TYPES.getOrDefault(ext, "application/octet-stream")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
