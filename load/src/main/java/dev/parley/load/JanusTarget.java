package dev.parley.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.LatencyHistogram;
import dev.parley.client.SyntheticSource;
import dev.parley.client.media.DownlinkAnswer;
import dev.parley.client.media.MediaPeer;
import dev.parley.client.media.UplinkOffer;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Janus (the Debian package's {@code janus}, VideoRoom plugin) under the same scenario, started with its
 * own configuration in a temporary folder: the HTTP transport on a free port, ICE-lite (as Parley is, so
 * that the same controlling ICE agent connects to both), only the VideoRoom plugin. Publishers offer what
 * Parley's headless publishers offer; each subscriber joins with every feed of its room in one
 * PeerConnection, Janus offers, the subscriber answers.
 */
final class JanusTarget implements LoadTarget {
    private static final String LIBS = "/usr/lib/x86_64-linux-gnu/janus";
    // libnice gathers no loopback candidates: Janus offers the host's own address, so our sockets bind to
    // it too, and our SDP carries that host candidate (libnice in lite mode nominates a pair only towards a
    // remote candidate it was given, not one it learned from a check).
    private static final java.net.InetAddress HOST = hostAddress();
    private final Path dir;
    private final ExecutorService dtls = DtlsHandshakeExecutor.create(4);
    private final ExecutorService joiner = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "janus-load-joiner");
        t.setDaemon(true);
        return t;
    });
    private final List<MediaPeer> peers = new ArrayList<>();
    private final List<SyntheticSource> sources = new ArrayList<>();
    private final List<JanusSubscriber> subscribers = new ArrayList<>();
    private final List<List<Long>> feeds = new ArrayList<>();
    private ChildProcess janus;
    private JanusApi api;
    private Scenario scenario;
    private int perRoom;

    JanusTarget(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return "Janus";
    }

    @Override
    public void start(Scenario s) throws Exception {
        this.scenario = s;
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        writeConfig(port);
        var started = ChildProcess.start(List.of("janus", "-F", dir.toString(), "-L", dir.resolve("janus.log").toString()),
                s.cpus(), dir.resolve("janus.out"), line -> line.contains("HTTP webserver started") ? Boolean.TRUE : null, 60);
        janus = started.process();
        api = new JanusApi(port);
        long admin = api.attachVideoRoom();
        for (int room = 0; room < s.rooms(); room++) {
            api.request(admin, Map.of("request", "create", "room", room + 1, "publishers", s.publishers(),
                    "videocodec", "vp8", "audiocodec", "opus", "bitrate", 0, "fir_freq", 0, "notify_joining", false));
            List<Long> ids = new ArrayList<>();
            for (int p = 0; p < s.publishers(); p++) {
                ids.add(publish(room + 1));
            }
            feeds.add(ids);
        }
    }

    private long publish(int room) throws Exception {
        long handle = api.attachVideoRoom();
        JsonNode joined = api.requestAsync(handle, Map.of("request", "join", "ptype", "publisher", "room", room), null);
        long id = joined.path("plugindata").path("data").path("id").asLong();
        MediaPeer peer = new MediaPeer("janus-pub", DtlsCertificate.generate(), dtls, HOST);
        peers.add(peer);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long audioSsrc = scenario.media().audio() ? 1 + r.nextLong(0xFFFFFFFEL) : 0;
        long videoSsrc = 1 + r.nextLong(0xFFFFFFFEL);
        String offer = UplinkOffer.create(peer.localIce(), peer.certificate().fingerprint(), "janusload" + id,
                audioSsrc, videoSsrc);
        JsonNode answer = api.requestAsync(handle, Map.of("request", "publish", "audio", audioSsrc != 0, "video", true),
                Map.of("type", "offer", "sdp", withCandidate(offer, peer.localAddress())));
        peer.connect(answer.path("jsep").path("sdp").asText());
        SyntheticSource source = new SyntheticSource(scenario.media());
        sources.add(source);
        source.start(new PeerOutput(peer, audioSsrc, videoSsrc));
        return id;
    }

    private static java.net.InetAddress hostAddress() {
        try {
            return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (java.net.SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Janus needs a non-loopback IPv4 address"));
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Our host candidate after each section's {@code a=mid} line, and the end of candidates (RFC 8840). */
    static String withCandidate(String sdp, java.net.InetSocketAddress local) {
        String candidate = "a=candidate:1 1 udp 2130706431 " + local.getAddress().getHostAddress() + " "
                + local.getPort() + " typ host\r\na=end-of-candidates\r\n";
        return sdp.replaceAll("(a=mid:[^\r\n]*\r\n)", "$1" + java.util.regex.Matcher.quoteReplacement(candidate));
    }

    @Override
    public long pid() {
        return janus.pid();
    }

    @Override
    public void growTo(int perRoomTarget) throws Exception {
        List<Future<JanusSubscriber>> joins = new ArrayList<>();
        for (int n = perRoom; n < perRoomTarget; n++) {
            for (int room = 0; room < scenario.rooms(); room++) {
                int r = room;
                joins.add(joiner.submit(() -> subscribe(r)));
            }
        }
        for (Future<JanusSubscriber> f : joins) {
            subscribers.add(f.get());
        }
        perRoom = Math.max(perRoom, perRoomTarget);
    }

    private JanusSubscriber subscribe(int room) throws Exception {
        long handle = api.attachVideoRoom();
        List<Map<String, Object>> streams = feeds.get(room).stream().map(id -> Map.<String, Object>of("feed", id)).toList();
        JsonNode attached = api.requestAsync(handle, Map.of("request", "join", "ptype", "subscriber", "room", room + 1,
                "streams", streams), null);
        String offer = attached.path("jsep").path("sdp").asText();
        MediaPeer peer = new MediaPeer("janus-sub", DtlsCertificate.generate(), dtls, HOST);
        synchronized (peers) {
            peers.add(peer);
        }
        JanusSubscriber sub = new JanusSubscriber(peer, scenario.decryptEvery());
        api.requestAsync(handle, Map.of("request", "start"), Map.of("type", "answer", "sdp",
                withCandidate(DownlinkAnswer.create(offer, peer.localIce(), peer.certificate().fingerprint()),
                        peer.localAddress())));
        peer.connect(offer);
        return sub;
    }

    @Override
    public void resetCounters() {
        subscribers.forEach(s -> s.counts().reset());
    }

    @Override
    public Counters counters() {
        long packets = 0;
        long lost = 0;
        LatencyHistogram latency = new LatencyHistogram();
        for (JanusSubscriber s : subscribers) {
            packets += s.counts().packets();
            lost += s.counts().lost();
            s.counts().addLatenciesTo(latency);
        }
        return new Counters(packets, lost, latency);
    }

    private void writeConfig(int port) throws Exception {
        String plugins = disabled(Path.of(LIBS, "plugins"), "libjanus_videoroom.so");
        String transports = disabled(Path.of(LIBS, "transports"), "libjanus_http.so");
        Files.writeString(dir.resolve("janus.jcfg"), """
                general: {
                    configs_folder = "%s"
                    plugins_folder = "%s/plugins"
                    transports_folder = "%s/transports"
                    events_folder = "%s/events"
                    loggers_folder = "%s/loggers"
                    debug_level = 4
                    admin_secret = "janusoverlord"
                }
                certificates: {
                }
                media: {
                    rtp_port_range = "20000-40000"
                }
                nat: {
                    nice_debug = false
                    ice_lite = true
                }
                plugins: {
                    disable = "%s"
                }
                transports: {
                    disable = "%s"
                }
                loggers: {
                    disable = "libjanus_jsonlog.so"
                }
                events: {
                    broadcast = false
                }
                """.formatted(dir, LIBS, LIBS, LIBS, LIBS, plugins, transports));
        Files.writeString(dir.resolve("janus.transport.http.jcfg"), """
                general: {
                    json = "plain"
                    base_path = "/janus"
                    http = true
                    port = %d
                    https = false
                    ip = "127.0.0.1"
                }
                admin: {
                    admin_http = false
                }
                """.formatted(port));
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), "general: {\n}\n");
    }

    /** Every library in {@code folder} but {@code keep}, comma separated (Janus's "disable" lists). */
    private static String disabled(Path folder, String keep) throws Exception {
        try (var files = Files.list(folder)) {
            return String.join(",", files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".so") && !n.equals(keep)).sorted().toList());
        }
    }

    @Override
    public void close() {
        sources.forEach(SyntheticSource::stop);
        synchronized (peers) {
            peers.forEach(MediaPeer::close);
        }
        if (api != null) {
            api.close();
        }
        joiner.shutdownNow();
        dtls.shutdownNow();
        if (janus != null) {
            janus.close();
        }
    }
}
