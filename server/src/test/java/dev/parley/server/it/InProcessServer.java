package dev.parley.server.it;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ServerConfig;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.UserSig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real server started in this JVM ({@link ParleyServer#start}) on ephemeral ports bound to loopback,
 * configured through a YAML file like an operator would, so tests can also reach its internals (the
 * SFU on its thread, the media port's counters).
 */
final class InProcessServer implements AutoCloseable {
    static final long SDK_APP_ID = 1_400_000_002L;
    static final String SECRET_KEY = "in-process-it-secret-key-5f1c0e9a7b3d2468ace0";

    private final ParleyServer server;
    private final Optional<Path> ownDirectory; // deleted on close

    private InProcessServer(ParleyServer server, Optional<Path> ownDirectory) {
        this.server = server;
        this.ownDirectory = ownDirectory;
    }

    /** @param extraYaml more config keys, e.g. {@code "heartbeatTimeoutSeconds: 2\n"} */
    static InProcessServer start(String extraYaml) throws Exception {
        Path dir = Files.createTempDirectory("parley-inprocess");
        Path yaml = dir.resolve("parley.yaml");
        Files.writeString(yaml, """
                httpPort: 0
                rtcPort: 0
                bind: 127.0.0.1
                announceIp: 127.0.0.1
                dataDir: %s
                sdkAppId: %d
                secretKey: %s
                """.formatted(dir, SDK_APP_ID, SECRET_KEY) + extraYaml);
        ServerConfig config = new ConfigLoader(Map.of()).load(List.of("--config", yaml.toString()));
        return new InProcessServer(ParleyServer.start(config), Optional.of(dir));
    }

    /** Development mode: no app configured, the server generates one in {@code dataDir} (kept on close). */
    static InProcessServer startDevMode(Path dataDir) throws Exception {
        ServerConfig config = new ConfigLoader(Map.of()).load(List.of("--http-port", "0", "--rtc-port", "0",
                "--bind", "127.0.0.1", "--announce-ip", "127.0.0.1", "--data-dir", dataDir.toString()));
        return new InProcessServer(ParleyServer.start(config), Optional.empty());
    }

    /** GET {@code path}; returns the status and body. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    ParleyServer server() {
        return server;
    }

    int httpPort() {
        return server.httpPort();
    }

    int rtcPort() {
        return server.rtcPort();
    }

    static String userSig(String userId) {
        return UserSig.generate(SDK_APP_ID, SECRET_KEY, userId, 3600);
    }

    /** A join request's data for a numeric room. */
    static Map<String, Object> join(String userId, Object roomId) {
        return Map.of("sdkAppId", SDK_APP_ID, "userId", userId, "userSig", userSig(userId), "roomId", roomId,
                "role", "anchor", "mode", "rtc", "sdkVersion", "4.15.0-parley");
    }

    SignalClient connect(String name) throws Exception {
        return SignalClient.connect(httpPort(), name);
    }

    /** Whether the SFU has the room open, asked on the SFU thread. */
    boolean hasRoom(RoomId id) throws Exception {
        return server.onSfuThread(() -> server.sfu().room(new dev.parley.server.room.RoomKey(SDK_APP_ID, id)) != null);
    }

    int roomCount() throws Exception {
        return server.onSfuThread(() -> server.sfu().roomCount());
    }

    int mediaSessions() throws Exception {
        return server.onSfuThread(() -> server.media().sessionCount());
    }

    int transports() throws Exception {
        return server.onSfuThread(() -> server.mux().transportCount());
    }

    /** GET /healthz's body. */
    String healthz() throws IOException, InterruptedException {
        return get("/healthz").body();
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (ownDirectory.isPresent()) {
            try (Stream<Path> files = Files.walk(ownDirectory.get())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
