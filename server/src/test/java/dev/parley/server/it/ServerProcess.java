package dev.parley.server.it;

import dev.parley.usersig.UserSig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server jar, started as its own process on ephemeral ports with a known app key; its ports are
 * read from the start-up banner, its log kept in a file for failure messages.
 */
final class ServerProcess implements AutoCloseable {
    static final long SDK_APP_ID = 1_400_000_001L;
    static final String SECRET_KEY = "it-secret-key-0123456789abcdef0123456789abcdef";
    private static final Pattern HTTP = Pattern.compile("demo page:\\s+http://localhost:(\\d+)/");
    private static final Pattern RTC = Pattern.compile("media:\\s+udp \\S+:(\\d+)");

    private final Process process;
    private final Path dir;
    private final Path log;
    private final int httpPort;
    private final int rtcPort;

    private ServerProcess(Process process, Path dir, int httpPort, int rtcPort) {
        this.process = process;
        this.dir = dir;
        this.log = dir.resolve("server.log");
        this.httpPort = httpPort;
        this.rtcPort = rtcPort;
    }

    static ServerProcess start(String... extraArgs) throws Exception {
        String jar = System.getProperty("parley.serverJar", "target/parley-server.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("server jar not found at " + jar + ": run the tests with 'mvn verify'");
        }
        Path dir = Files.createTempDirectory("parley-it");
        Path log = dir.resolve("server.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "--http-port", "0", "--rtc-port", "0", "--bind", "127.0.0.1", "--announce-ip", "127.0.0.1",
                "--sdk-app-id", Long.toString(SDK_APP_ID), "--secret-key", SECRET_KEY,
                "--data-dir", dir.toString()));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        CompletableFuture<int[]> ports = CompletableFuture.supplyAsync(() -> readPorts(p));
        try {
            int[] hp = ports.get(60, TimeUnit.SECONDS);
            return new ServerProcess(p, dir, hp[0], hp[1]);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("server did not start; its log:\n" + Files.readString(log), e);
        }
    }

    private static int[] readPorts(Process p) {
        int http = -1;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                Matcher h = HTTP.matcher(line);
                if (h.find()) {
                    http = Integer.parseInt(h.group(1));
                }
                Matcher r = RTC.matcher(line);
                if (r.find() && http > 0) {
                    int rtc = Integer.parseInt(r.group(1));
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return new int[] {http, rtc};
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("server exited before printing its ports");
    }

    int httpPort() {
        return httpPort;
    }

    int rtcPort() {
        return rtcPort;
    }

    String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    static String userSig(String userId) {
        return UserSig.generate(SDK_APP_ID, SECRET_KEY, userId, 3600);
    }

    /** The /healthz JSON, or an error text. */
    String health() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless; the test's result stands
        }
    }
}
