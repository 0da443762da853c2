package dev.parley.load;

import dev.parley.client.LatencyHistogram;
import dev.parley.client.LocalStream;
import dev.parley.client.ParleyClient;
import dev.parley.client.RemoteStream;
import dev.parley.usersig.UserSig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Parley server jar as its own process on ephemeral loopback ports, driven by headless clients
 * (client/): publishers of synthetic media, subscribers that take every stream of their room.
 */
final class ParleyTarget implements LoadTarget {
    private static final long SDK_APP_ID = 1_400_000_001L;
    private static final String SECRET_KEY = "load-tool-secret-key-0123456789abcdef0123456789";
    private static final Pattern HTTP = Pattern.compile("demo page:\\s+http://localhost:(\\d+)/");
    // The limits a real deployment keeps against floods would refuse a load tool's hundreds of joins
    // from one address in a minute, and a room holds 50 users by default: raised for the run
    // (docs/SECURITY.md, README "Running the server").
    private static final String CONFIG = """
            rooms:
              maxUsers: 100000
            limits:
              joinsPerMinutePerIp: 1000000
              failedJoinsPerMinutePerIp: 1000000
              maxConnectionsPerIp: 100000
              maxUnjoinedPerIp: 10000
            """;

    private final Path serverJar;
    private final List<String> jvmOptions;
    private final List<String> serverArgs;
    private final String mediaCpus;
    private final Path dir;
    private final List<ParleyClient> publishers = new ArrayList<>();
    private final List<ParleyClient> subscribers = new ArrayList<>();
    private final ExecutorService joiner = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "parley-load-joiner");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newHttpClient();
    private ChildProcess server;
    private Scenario scenario;
    private String baseUrl;
    private int perRoom;

    /**
     * @param serverArgs more flags after the tool's own (later flags win), e.g. {@code --media-threads 1}
     * @param mediaCpus where the server's media loops are pinned once it has started, "" to leave them
     */
    ParleyTarget(Path serverJar, List<String> jvmOptions, List<String> serverArgs, String mediaCpus, Path dir) {
        this.serverJar = serverJar;
        this.jvmOptions = jvmOptions;
        this.serverArgs = serverArgs;
        this.mediaCpus = mediaCpus;
        this.dir = dir;
    }

    @Override
    public String name() {
        return serverArgs.isEmpty() ? "Parley" : "Parley " + String.join(" ", serverArgs);
    }

    @Override
    public void start(Scenario s) throws Exception {
        this.scenario = s;
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("no server jar at " + serverJar + " (build with mvn package, or pass"
                    + " --server-jar)");
        }
        Path config = dir.resolve("parley-load.yaml");
        Files.writeString(config, CONFIG);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", serverJar.toString(), "--http-port", "0", "--rtc-port", "0", "--bind", "127.0.0.1",
                "--announce-ip", "127.0.0.1", "--sdk-app-id", Long.toString(SDK_APP_ID), "--secret-key", SECRET_KEY,
                "--data-dir", dir.toString(), "--config", config.toString()));
        cmd.addAll(serverArgs);
        var started = ChildProcess.start(cmd, s.cpus(), dir.resolve("parley.log"), line -> {
            Matcher m = HTTP.matcher(line);
            return m.find() ? Integer.valueOf(m.group(1)) : null;
        }, 60);
        server = started.process();
        baseUrl = "http://127.0.0.1:" + started.value();
        if (!mediaCpus.isEmpty()) {
            pinMediaLoops();
        }
        List<Future<ParleyClient>> joins = new ArrayList<>();
        for (int room = 0; room < s.rooms(); room++) {
            for (int p = 0; p < s.publishers(); p++) {
                String userId = "pub" + room + "x" + p;
                int r = room;
                joins.add(joiner.submit(() -> {
                    ParleyClient c = client(userId);
                    c.join(roomId(r));
                    c.publish(LocalStream.synthetic(s.media()));
                    return c;
                }));
            }
        }
        for (Future<ParleyClient> f : joins) {
            publishers.add(f.get());
        }
    }

    /** Pins the server's media loops (threads {@code media-*}, there once the port is bound) to {@link #mediaCpus}. */
    private void pinMediaLoops() throws Exception {
        if (ThreadPinning.pin(server.pid(), "media-", mediaCpus) == 0) {
            throw new IllegalStateException("--media-cpus: the server has no thread named media-*");
        }
    }

    private static String roomId(int room) {
        return "load-" + room;
    }

    private ParleyClient client(String userId) {
        return ParleyClient.create(baseUrl, SDK_APP_ID, userId, UserSig.generate(SDK_APP_ID, SECRET_KEY, userId, 86_400));
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public void growTo(int perRoomTarget) throws Exception {
        List<Future<ParleyClient>> joins = new ArrayList<>();
        for (int n = perRoom; n < perRoomTarget; n++) {
            for (int room = 0; room < scenario.rooms(); room++) {
                String userId = "sub" + room + "x" + n;
                int r = room;
                joins.add(joiner.submit(() -> subscriber(userId, r)));
            }
        }
        for (Future<ParleyClient> f : joins) {
            subscribers.add(f.get());
        }
        perRoom = Math.max(perRoom, perRoomTarget);
    }

    private ParleyClient subscriber(String userId, int room) throws Exception {
        ParleyClient c = client(userId).decryptEvery(scenario.decryptEvery());
        c.join(roomId(room));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (c.remoteStreams().size() < scenario.publishers()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(userId + " saw " + c.remoteStreams().size() + " of "
                        + scenario.publishers() + " streams within 10 s");
            }
            Thread.sleep(10);
        }
        for (RemoteStream r : c.remoteStreams()) {
            c.subscribe(r);
        }
        return c;
    }

    @Override
    public void resetCounters() {
        subscribers.forEach(ParleyClient::resetReceiveStats);
    }

    @Override
    public Counters counters() {
        long packets = 0;
        long lost = 0;
        LatencyHistogram latency = new LatencyHistogram();
        for (ParleyClient c : subscribers) {
            var s = c.receiveStats();
            packets += s.packets();
            lost += s.lost();
            c.addLatenciesTo(latency);
        }
        return new Counters(packets, lost, latency);
    }

    @Override
    public Optional<ServerScrape> serverScrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + r.statusCode());
        }
        return Optional.of(ServerScrape.parse(r.body()));
    }

    @Override
    public void close() {
        List<ParleyClient> all = new ArrayList<>(subscribers);
        all.addAll(publishers);
        List<Future<?>> closing = new ArrayList<>();
        for (ParleyClient c : all) {
            closing.add(joiner.submit(c::close));
        }
        for (Future<?> f : closing) {
            try {
                f.get();
            } catch (Exception e) {
                // closing what may already be gone
            }
        }
        joiner.shutdownNow();
        if (server != null) {
            server.close();
        }
    }
}
