package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixed table of the Web SDK's files, listed from a directory (tests) and from a jar (java -jar). */
class StaticContentTest {
    private static final Map<String, String> FILES = Map.of(
            "parley/web/index.html", "<!doctype html>",
            "parley/web/demo.js", "demo()",
            "parley/web/sdk/trtc.js", "TRTC.createClient",
            "parley/web/sdk/trtc.d.ts", "declare");

    @TempDir
    Path dir;

    private StaticContent fromDirectory() throws IOException {
        Path classes = dir.resolve("classes");
        for (var f : FILES.entrySet()) {
            Path p = classes.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        Files.writeString(classes.resolve("elsewhere.txt"), "not web content");
        return load(classes.toUri().toURL());
    }

    private StaticContent fromJar(boolean directoryEntries) throws IOException {
        Path jar = dir.resolve("web.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (directoryEntries) {
                for (String d : List.of("parley/", "parley/web/", "parley/web/sdk/")) {
                    out.putNextEntry(new JarEntry(d));
                    out.closeEntry();
                }
            }
            for (var f : FILES.entrySet()) {
                out.putNextEntry(new JarEntry(f.getKey()));
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("parley/other.txt"));
            out.closeEntry();
        }
        return load(jar.toUri().toURL());
    }

    private static StaticContent load(URL root) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root}, null)) {
            return StaticContent.fromClasspath(loader);
        }
    }

    private static String body(StaticContent c, String path) {
        return new String(c.find(path).orElseThrow().body(), StandardCharsets.UTF_8);
    }

    private static void assertServesTheFilesOnly(StaticContent c) {
        assertThat(c.table().keySet())
                .containsExactlyInAnyOrder("/index.html", "/demo.js", "/sdk/trtc.js", "/sdk/trtc.d.ts");
        assertThat(body(c, "/")).isEqualTo("<!doctype html>");
        assertThat(body(c, "/sdk/trtc.js")).isEqualTo("TRTC.createClient");
        assertThat(c.find("/sdk/trtc.js").orElseThrow().contentType()).startsWith("text/javascript");
        assertThat(c.find("/sdk")).isEmpty();
        assertThat(c.find("/sdk/")).isEmpty();
    }

    @Test
    void aDirectoryOnTheClasspathIsListed() throws IOException {
        assertServesTheFilesOnly(fromDirectory());
    }

    @Test
    void aJarOnTheClasspathIsListedWithOrWithoutDirectoryEntries() throws IOException {
        assertServesTheFilesOnly(fromJar(true));
        assertServesTheFilesOnly(fromJar(false));
    }

    @Test
    void pathsOutsideTheTableAreNeverFound() throws IOException {
        StaticContent c = fromDirectory();
        for (String p : List.of("/../elsewhere.txt", "/sdk/../index.html", "/parley/web/index.html",
                "//index.html", "/index.html/", "/./index.html", "/%2e%2e/elsewhere.txt", "/elsewhere.txt",
                "/sdk/../../elsewhere.txt", "", "/INDEX.HTML")) {
            assertThat(c.find(p)).as(p).isEmpty();
        }
    }

    @Test
    void requestsForMissingFilesDoNotGrowTheTable() throws IOException {
        StaticContent c = fromDirectory();
        int before = c.size();
        for (int i = 0; i < 300; i++) {
            assertThat(c.find("/missing-" + i + ".js")).isEmpty();
        }
        assertThat(c.size()).isEqualTo(before);
    }

    @Test
    void theRealWebSdkIsOnTheClasspath() throws IOException {
        StaticContent c = StaticContent.fromClasspath(StaticContentTest.class.getClassLoader());
        assertThat(c.find("/sdk/trtc.js")).isPresent();
        assertThat(c.find("/")).isPresent();
        assertThat(c.find("/sdk")).isEmpty();
        int js = c.find("/sdk/trtc.js").orElseThrow().body().length;
        int map = c.find("/sdk/trtc.js.map").map(m -> m.body().length).orElse(0); // the bundle's source map
        assertThat(c.largestBody()).isEqualTo(Math.max(js, map));
    }

    @Test
    void withoutTheWebSdkTheServerCannotStart() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StaticContent.fromClasspath(empty))
                    .isInstanceOf(IOException.class).hasMessageContaining("parley/web/index.html");
        }
    }
}
