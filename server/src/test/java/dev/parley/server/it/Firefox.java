package dev.parley.server.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One participant in Debian's Firefox ESR, headless, with Firefox's fake camera and microphone — a second,
 * independent WebRTC stack beside Chromium. No WebDriver: Firefox runs as a child process on a page served
 * by this class's own HTTP server, and {@code remote.js} in that page fetches scripts to run from the
 * same server and posts their values back (the way sdk-web's run.mjs drives its browser tests).
 */
final class Firefox implements AutoCloseable {
    static final String FIREFOX = "/usr/bin/firefox-esr";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_SECONDS = 5;

    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final BlockingQueue<Map<String, Object>> commands = new LinkedBlockingQueue<>();
    private final Map<Integer, CompletableFuture<Map<?, ?>>> replies = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Path dir;
    private final Path output;
    private final Process process;
    // Closes Firefox if the JVM ends without close() (a killed test run): no orphaned browsers.
    private final Thread closeOnExit = new Thread(this::close, "firefox-close-on-exit");
    private boolean closed;

    /**
     * @param parleyBaseUrl where the page loads trtc.js from
     * @param page a page under {@code /parley-it/}, with its query string
     */
    Firefox(String parleyBaseUrl, String page) throws IOException {
        if (!new File(FIREFOX).canExecute()) {
            throw new IllegalStateException("the cross-browser tests need Debian's Firefox ESR at " + FIREFOX
                    + ": apt-get install -y firefox-esr");
        }
        httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "firefox-page-http");
            t.setDaemon(true);
            return t;
        });
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.setExecutor(httpThreads); // long polls must not block the page's other requests
        http.createContext("/__remote/next", this::nextCommand);
        http.createContext("/__remote/result", this::result);
        http.createContext("/", exchange -> servePage(exchange, parleyBaseUrl));
        http.start();
        // One temporary directory holds the profile, Firefox's HOME (caches) and its output; close() removes it.
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("parley-firefox-");
            Path profile = Files.createDirectory(tmp.resolve("profile"));
            Files.writeString(profile.resolve("user.js"), FirefoxPrefs.userJs());
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/" + page;
            ProcessBuilder pb = new ProcessBuilder(FIREFOX, "--headless", "--no-remote", "--profile",
                    profile.toString(), "--width", "900", "--height", "700", url)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("firefox.log").toFile());
            pb.environment().put("MOZ_HEADLESS", "1");
            pb.environment().put("MOZ_CRASHREPORTER_DISABLE", "1");
            // Lets the profile's services.settings.server point remote settings nowhere (see FirefoxPrefs).
            pb.environment().put("MOZ_REMOTE_SETTINGS_DEVTOOLS", "1");
            pb.environment().put("HOME", tmp.toString());
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            http.stop(0);
            httpThreads.shutdownNow();
            if (tmp != null) {
                deleteTree(tmp);
            }
            throw e;
        }
        dir = tmp;
        output = tmp.resolve("firefox.log");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    private void servePage(HttpExchange exchange, String parleyBaseUrl) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(1);
        byte[] body = null;
        if (!name.contains("/")) {
            try (InputStream in = Firefox.class.getResourceAsStream("/parley-it/" + name)) {
                if (in != null) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("{{PARLEY}}", parleyBaseUrl);
                    if (name.endsWith(".html")) {
                        // The remote control goes first so it keeps every console line; the seed is unchanged.
                        text = text.replaceFirst("<head>", "<head>\n<script src=\"/remote.js\"></script>");
                    }
                    body = text.getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            exchange.getResponseHeaders().set("Content-Type",
                    name.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private void nextCommand(HttpExchange exchange) throws IOException {
        Map<String, Object> command;
        try {
            command = commands.poll(POLL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            command = null;
        }
        if (command == null) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            byte[] body = JSON.writeValueAsBytes(command);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private void result(HttpExchange exchange) throws IOException {
        Map<?, ?> reply = JSON.readValue(exchange.getRequestBody(), Map.class);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        CompletableFuture<Map<?, ?>> f = replies.remove(((Number) reply.get("id")).intValue());
        if (f != null) {
            f.complete(reply);
        }
    }

    /**
     * Runs {@code body} (a function body that may {@code await} and {@code return}) in the page, with
     * {@code args} bound to the given arguments, and returns its value decoded from JSON.
     */
    Object js(Duration timeout, String body, Object... args) {
        int id = nextId.incrementAndGet();
        CompletableFuture<Map<?, ?>> reply = new CompletableFuture<>();
        replies.put(id, reply);
        String script;
        try {
            script = "const args = " + JSON.writeValueAsString(args) + ";\n" + body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commands.add(Map.of("id", id, "script", script));
        Map<?, ?> r;
        try {
            r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            commands.removeIf(c -> c.get("id").equals(id));
            replies.remove(id);
            throw new IllegalStateException("Firefox did not run a script within " + timeout.toSeconds()
                    + " s (page not loaded, or the browser died: alive=" + process.isAlive() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Firefox ran a script", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (r.containsKey("error")) {
            throw new IllegalStateException("script failed in Firefox: " + r.get("error"));
        }
        return r.get("value");
    }

    Object js(String body, Object... args) {
        return js(Duration.ofSeconds(10), body, args);
    }

    /** Decoded frames and audio level of a subscribed remote stream over {@code ms}; see hooks.js. */
    @SuppressWarnings("unchecked")
    Map<String, Object> measure(String streamId, int ms) {
        return (Map<String, Object>) js(Duration.ofMillis(ms + 10_000),
                "return await window.__measure(args[0], args[1])", streamId, ms);
    }

    /** The page's console (its own lines and the SDK's), or why it could not be read. */
    String pageLog() {
        try {
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) js(Duration.ofSeconds(5), "return window.__log || []");
            return String.join("\n", lines);
        } catch (RuntimeException e) {
            return "(page log unavailable: " + e.getMessage() + ")";
        }
    }

    /**
     * What Firefox's WebRTC stack says about the SDK's connections (through the SDK's internals, for
     * failure messages only): RTP stream statistics, and the last SDP of each connection.
     */
    String webrtcState() {
        try {
            return String.valueOf(js(Duration.ofSeconds(5), String.join("\n",
                    "const c = window.__client; if (!c) return 'no client';",
                    "const out = [];",
                    "for (const [name, link] of [['uplink', c._uplink], ['downlink', c._downlink]]) {",
                    "  const pc = link && link.pc; if (!pc) continue;",
                    "  out.push(`${name}: ${pc.connectionState} ice=${pc.iceConnectionState}`);",
                    "  (await pc.getStats()).forEach((s) => {",
                    "    if (/^(inbound|outbound)-rtp$/.test(s.type)) out.push(`  ${s.type} ${s.kind} ssrc=${s.ssrc} `",
                    "      + `packets=${s.packetsReceived ?? s.packetsSent} bytes=${s.bytesReceived ?? s.bytesSent} `",
                    "      + `frames=${s.framesDecoded ?? s.framesEncoded ?? '-'} lost=${s.packetsLost ?? '-'} `",
                    "      + `nack=${s.nackCount ?? '-'} pli=${s.pliCount ?? '-'} fir=${s.firCount ?? '-'} `",
                    "      + `codec=${s.codecId ?? '-'}`);",
                    "  });",
                    "  out.push(`  remote SDP:\n${pc.remoteDescription && pc.remoteDescription.sdp}`);",
                    "  out.push(`  local SDP:\n${pc.localDescription && pc.localDescription.sdp}`);",
                    "}",
                    "return out.join('\\n');")));
        } catch (RuntimeException e) {
            return "(WebRTC state unavailable: " + e.getMessage() + ")";
        }
    }

    /** Firefox's own stdout and stderr. */
    String processOutput() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Ends Firefox and its content processes (by their ids), then removes the profile. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs this anyway
            }
        }
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : family) {
            if (p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // reported below only if its files could not be removed; nothing else to do
                }
            }
        }
        http.stop(0);
        httpThreads.shutdownNow();
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not remove all of " + root + ": " + e);
        }
    }
}
