package dev.parley.server.it;

import dev.parley.usersig.UserSig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
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
    private static final Pattern HTTP = Pattern.compile("demo page:\\s+(https?)://localhost:(\\d+)/");
    private static final Pattern RTC = Pattern.compile("media:\\s+udp \\S+:(\\d+)");
    private static final Pattern HEAP_LIVE = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final HttpClient HTTP_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path dir;
    private final Path log;
    private final int httpPort;
    private final int rtcPort;
    private boolean tls;

    private ServerProcess(Process process, Path dir, int httpPort, int rtcPort) {
        this.process = process;
        this.dir = dir;
        this.log = dir.resolve("server.log");
        this.httpPort = httpPort;
        this.rtcPort = rtcPort;
    }

    static ServerProcess start(String... extraArgs) throws Exception {
        return with().args(extraArgs).start();
    }

    /** A server started with more than flags: JVM options, a config file, a file-descriptor limit. */
    static Options with() {
        return new Options();
    }

    /** How to start the jar; each setter returns this. */
    static final class Options {
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String yaml;
        private int fileLimit;

        /** JVM options before {@code -jar}, e.g. {@code -Xmx96m}, {@code -Dparley.faultInjection=true}. */
        Options jvm(String... options) {
            jvmArgs.addAll(List.of(options));
            return this;
        }

        /** Server flags after the defaults (flags override the config file). */
        Options args(String... flags) {
            args.addAll(List.of(flags));
            return this;
        }

        /** A config file ({@code --config}), e.g. a {@code limits:} block or more {@code apps:}. */
        Options yaml(String text) {
            yaml = text;
            return this;
        }

        /** Starts the JVM under {@code ulimit -n n} (through bash, which then execs java: same pid). */
        Options openFileLimit(int n) {
            fileLimit = n;
            return this;
        }

        ServerProcess start() throws Exception {
            String jar = System.getProperty("parley.serverJar", "target/parley-server.jar");
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("server jar not found at " + jar + ": run the tests with 'mvn verify'");
            }
            Path dir = Files.createTempDirectory("parley-it");
            Path log = dir.resolve("server.log");
            List<String> cmd = new ArrayList<>();
            if (fileLimit > 0) {
                cmd.addAll(List.of("bash", "-c", "ulimit -n " + fileLimit + " && exec \"$0\" \"$@\""));
            }
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-jar", jar,
                    "--http-port", "0", "--rtc-port", "0", "--bind", "127.0.0.1", "--announce-ip", "127.0.0.1",
                    "--sdk-app-id", Long.toString(SDK_APP_ID), "--secret-key", SECRET_KEY,
                    "--data-dir", dir.toString()));
            if (yaml != null) {
                Path file = dir.resolve("parley.yaml");
                Files.writeString(file, yaml);
                cmd.addAll(List.of("--config", file.toString()));
            }
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            CompletableFuture<int[]> ports = CompletableFuture.supplyAsync(() -> readPorts(p));
            try {
                int[] hp = ports.get(60, TimeUnit.SECONDS);
                ServerProcess server = new ServerProcess(p, dir, hp[0], hp[1]);
                server.tls = hp[2] == 1;
                return server;
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("server did not start; its log:\n" + Files.readString(log), e);
            }
        }
    }

    private static int[] readPorts(Process p) {
        int http = -1;
        boolean tls = false;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                Matcher h = HTTP.matcher(line);
                if (h.find()) {
                    http = Integer.parseInt(h.group(2));
                    tls = h.group(1).equals("https");
                }
                Matcher r = RTC.matcher(line);
                if (r.find() && http > 0) {
                    int rtc = Integer.parseInt(r.group(1));
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return new int[] {http, rtc, tls ? 1 : 0};
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

    /** http://localhost:PORT, or https:// when the server was started with --tls-cert. */
    String baseUrl() {
        return (tls ? "https" : "http") + "://localhost:" + httpPort;
    }

    static String userSig(String userId) {
        return UserSig.generate(SDK_APP_ID, SECRET_KEY, userId, 3600);
    }

    /** The /healthz JSON, or an error text. */
    String health() {
        try {
            return get("/healthz").body();
        } catch (IOException e) {
            return "unreachable: " + e;
        }
    }

    /** GET on the server's HTTP port from 127.0.0.1, with a 5 s timeout. */
    HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build());
    }

    /** POST with an empty body. */
    HttpResponse<String> post(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The server JVM's process id (bash execs java, so it is the same under a file limit). */
    long pid() {
        return process.pid();
    }

    /** Waits for the process to end by itself; returns its exit status, or empty if it still runs. */
    OptionalInt awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /**
     * Bytes of Java heap live right after a full GC of the server process: the total of
     * {@code jcmd PID GC.class_histogram}, which collects first and then counts only reachable objects. (A
     * {@code GC.run} followed by {@code GC.heap_info} would also count what a busy server allocates between
     * the two commands: 15 MB more under a join flood.)
     */
    long heapUsedAfterFullGc() throws Exception {
        String histogram = jcmd("GC.class_histogram");
        Matcher m = HEAP_LIVE.matcher(histogram);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in jcmd GC.class_histogram:\n" + Poll.tail(histogram, 5));
        }
        return Long.parseLong(m.group(1));
    }

    /** Resident set size of the server process (heap, direct buffers, metaspace, threads), from /proc. */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid());
    }

    private String jcmd(String command) throws Exception {
        Path out = Files.createTempFile(dir, "jcmd", ".txt");
        Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!j.waitFor(30, TimeUnit.SECONDS)) {
            j.destroyForcibly();
            throw new IllegalStateException("jcmd " + command + " did not finish within 30 s");
        }
        String text = Files.readString(out);
        Files.delete(out);
        if (j.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid() + " " + command + " failed: " + text);
        }
        return text;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** {@code kill -9}: the process ends at once, with no chance to tell anyone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP or SIGCONT: the process freezes (as a long GC pause or a stalled VM would) or goes on. */
    void signal(String name) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
        }
    }

    /** SIGTERM: the server drains (docs/PROTOCOL.md "Drain"). */
    void terminate() {
        process.destroy();
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
