package dev.parley.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The Web SDK and demo page: every file under the classpath folder {@code parley/web/}, read once at
 * start into a fixed table. A request finds a file of the table or nothing; nothing a client asks for is
 * ever added (a cache of misses keyed by request paths grew without bound). Directories are not resources
 * ({@code /sdk} is 404); {@code /} is {@code /index.html}.
 *
 * <p>The folder is inside the server jar when run with {@code java -jar}, and a directory when run from
 * {@code target/classes}; both are enumerated.
 */
final class StaticContent {
    static final String ROOT = "parley/web/";
    private static final String INDEX = "index.html";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "ts", "text/plain; charset=utf-8",
            "json", "application/json",
            "map", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon",
            "md", "text/markdown; charset=utf-8");

    record Resource(byte[] body, String contentType) {
    }

    private final Map<String, Resource> table;

    /** @param files request path ({@code /sdk/trtc.js}) → content */
    StaticContent(Map<String, byte[]> files) {
        Map<String, Resource> t = new LinkedHashMap<>();
        files.forEach((path, body) -> t.put(path, new Resource(body, contentType(path))));
        this.table = Map.copyOf(t);
    }

    /** Every file under {@link #ROOT} that {@code loader} sees, found through its {@code index.html}. */
    static StaticContent fromClasspath(ClassLoader loader) throws IOException {
        URL index = loader.getResource(ROOT + INDEX);
        if (index == null) {
            throw new IOException("no " + ROOT + INDEX + " on the classpath: the Web SDK module is missing");
        }
        return new StaticContent(switch (index.getProtocol()) {
            case "jar" -> fromJar((JarURLConnection) index.openConnection());
            case "file" -> fromDirectory(index);
            default -> throw new IOException("cannot list " + index + ": neither a jar nor a directory");
        });
    }

    private static Map<String, byte[]> fromJar(JarURLConnection connection) throws IOException {
        connection.setUseCaches(false); // our own JarFile, closed here, not the JVM's shared one
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (JarFile jar = connection.getJarFile()) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(ROOT)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put("/" + entry.getName().substring(ROOT.length()), in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    private static Map<String, byte[]> fromDirectory(URL index) throws IOException {
        Path root;
        try {
            root = Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException("cannot list " + index, e);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).sorted().forEach(f -> {
                String rel = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                try {
                    files.put("/" + rel, Files.readAllBytes(f));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

    /** The resource for a decoded request path, or empty. Only exact table entries are found. */
    Optional<Resource> find(String path) {
        return Optional.ofNullable(table.get(path.equals("/") ? "/" + INDEX : path));
    }

    int size() {
        return table.size();
    }

    /** The largest body: one response of it must fit in what a connection may have unsent. */
    int largestBody() {
        return table.values().stream().mapToInt(r -> r.body().length).max().orElse(0);
    }

    Map<String, Resource> table() {
        return Collections.unmodifiableMap(table);
    }

    private static String contentType(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        String ext = dot > slash ? path.substring(dot + 1) : "";
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
