package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Parley client with the shape of TRTC Web SDK v4's {@code Client}: create it with a UserSig,
 * {@link #join} a room, {@link #publish} a {@link LocalStream}, {@link #subscribe} to the
 * {@link RemoteStream}s that {@code stream-added} announces, {@link #leave}. It speaks the same signaling
 * as the Web SDK (docs/PROTOCOL.md) and WebRTC media made of Parley's own ICE, DTLS and SRTP, so the server
 * cannot tell it from a browser. See docs/CLIENT.md.
 *
 * <p>Calls block until the server has answered (and, for publish and the first subscribe, until the media
 * connection is up) and throw {@link ParleyException} with TRTC's code. Call them from one thread at a
 * time (the listener's thread counts as one); events come on the client's own event thread.
 */
public final class ParleyClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParleyClient.class);
    private static final ExecutorService SHARED_DTLS = DtlsHandshakeExecutor.create(4);

    private final URI wsUri;
    private final long sdkAppId;
    private final String userId;
    private final String userSig;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
    private final ListenerFanOut fanOut = new ListenerFanOut(listeners);
    private final Map<String, RemoteStream> streams = new ConcurrentHashMap<>();
    private final ExecutorService events;
    private final Object subscribeLock = new Object();
    private volatile int decryptEvery = 1;
    private volatile SignalChannel signal;
    private volatile boolean leaving;
    private Publication publication;
    private Downlink downlink; // guarded by subscribeLock

    private ParleyClient(URI wsUri, long sdkAppId, String userId, String userSig) {
        this.wsUri = wsUri;
        this.sdkAppId = sdkAppId;
        this.userId = userId;
        this.userSig = userSig;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-client-events-" + userId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * TRTC's {@code TRTC.createClient({sdkAppId, userId, userSig})}.
     *
     * @param serverUrl the server's base URL ({@code http://host:8080}, {@code https://…}) or its WebSocket
     *     ({@code ws://host:8080/ws})
     */
    public static ParleyClient create(String serverUrl, long sdkAppId, String userId, String userSig) {
        if (userId == null || !userId.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("userId must be 1–32 characters of A–Z a–z 0–9 _ -, got " + userId);
        }
        if (userSig == null || userSig.isEmpty()) {
            throw new IllegalArgumentException("userSig is required (generate one with UserSig.generate)");
        }
        return new ParleyClient(webSocketUri(serverUrl), sdkAppId, userId, userSig);
    }

    static URI webSocketUri(String serverUrl) {
        URI u;
        try {
            u = URI.create(serverUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("serverUrl is not a URL: " + serverUrl, e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        String ws = switch (scheme) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new IllegalArgumentException("serverUrl must be http(s):// or ws(s)://, got " + serverUrl);
        };
        String path = u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/") ? "/ws" : u.getPath();
        return URI.create(ws + "://" + u.getRawAuthority() + path);
    }

    /** Adds a listener for the client's events; returns this. */
    public ParleyClient on(ClientListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Decrypts one received RTP packet in {@code n} (default 1, all). The others are still counted (loss,
     * frames) from their clear headers; latency and damage are checked on the decrypted ones. For load
     * generators; set before the first {@link #subscribe}.
     */
    public ParleyClient decryptEvery(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("decryptEvery must be at least 1, got " + n);
        }
        this.decryptEvery = n;
        return this;
    }

    public String userId() {
        return userId;
    }

    /**
     * TRTC's {@code client.join({roomId})}: a numeric ({@code Long}/{@code Integer}) or string room id.
     * Returns once the server accepted; the room's users and streams follow as events.
     */
    public void join(Object roomId) throws ParleyException {
        if (!(roomId instanceof Number) && !(roomId instanceof String)) {
            throw new ParleyException(ParleyException.INVALID_PARAMETER, "INVALID_PARAMETER",
                    "roomId must be a number or a string, got " + roomId);
        }
        if (signal != null) {
            throw new ParleyException(ParleyException.INVALID_OPERATION, "INVALID_OPERATION",
                    userId + " has already joined; leave first");
        }
        leaving = false;
        SignalChannel s = SignalChannel.open(wsUri, this::onEvent, this::onClosed);
        signal = s;
        Map<String, Object> join = new LinkedHashMap<>();
        join.put("sdkAppId", sdkAppId);
        join.put("userId", userId);
        join.put("userSig", userSig);
        join.put("roomId", roomId);
        join.put("role", "anchor");
        join.put("sdkVersion", "parley-java-client");
        JsonNode r;
        try {
            r = s.request("join", join);
        } catch (ParleyException e) {
            signal = null;
            s.close();
            throw e;
        }
        s.startHeartbeat(java.time.Duration.ofMillis(r.path("heartbeatIntervalMs").asLong(2000)));
        LOG.info("{} joined room {}", userId, roomId);
    }

    /** TRTC's {@code client.publish(localStream)}: returns once media flows; returns the stream id. */
    public synchronized String publish(LocalStream stream) throws ParleyException {
        SignalChannel s = requireJoined("publish");
        if (publication != null) {
            throw new ParleyException(ParleyException.INVALID_OPERATION, "INVALID_OPERATION",
                    userId + " already publishes stream " + publication.streamId() + "; unpublish first");
        }
        Publication p = new Publication(userId, stream, certificate, SHARED_DTLS);
        try {
            String id = p.start(s);
            publication = p;
            return id;
        } catch (ParleyException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** TRTC's {@code client.unpublish(localStream)}. */
    public synchronized void unpublish() throws ParleyException {
        SignalChannel s = requireJoined("unpublish");
        Publication p = publication;
        if (p == null) {
            throw new ParleyException(ParleyException.INVALID_OPERATION, "INVALID_OPERATION",
                    userId + " publishes nothing");
        }
        publication = null;
        // The request first: a DTLS close_notify that reached the server before it would end the uplink
        // there, and the unpublish would then be refused as publishing nothing.
        try {
            s.request("unpublish", Map.of("type", "main"));
        } finally {
            p.close();
        }
    }

    /** RTP packets the published stream has sent so far. */
    public synchronized long sentPackets() {
        return publication == null ? 0 : publication.sentPackets();
    }

    /**
     * TRTC's {@code client.subscribe(remoteStream, {audio, video})}: returns once the downlink is
     * negotiated (and connected, the first time); {@code stream-subscribed} follows.
     */
    public void subscribe(RemoteStream stream, boolean audio, boolean video) throws ParleyException {
        SignalChannel s = requireJoined("subscribe");
        synchronized (subscribeLock) {
            String offer = s.request("subscribe", Map.of("streamId", stream.getId(), "audio", audio, "video", video))
                    .path("offer").asText();
            if (downlink == null) {
                downlink = new Downlink(userId, certificate, SHARED_DTLS, fanOut, decryptEvery);
            }
            downlink.negotiate(s, offer, streams::get);
        }
        events.execute(() -> fanOut.onStreamSubscribed(stream));
    }

    public void subscribe(RemoteStream stream) throws ParleyException {
        subscribe(stream, true, true);
    }

    /** TRTC's {@code client.unsubscribe(remoteStream)}. */
    public void unsubscribe(RemoteStream stream) throws ParleyException {
        SignalChannel s = requireJoined("unsubscribe");
        synchronized (subscribeLock) {
            String offer = s.request("unsubscribe", Map.of("streamId", stream.getId())).path("offer").asText();
            downlink.negotiate(s, offer, streams::get);
        }
    }

    /** The streams published in the room now (TRTC keeps them from {@code stream-added}). */
    public Collection<RemoteStream> remoteStreams() {
        return List.copyOf(streams.values());
    }

    /** The sum of {@link RemoteStream#stats()} over every stream, latencies merged. */
    public ReceiveStats receiveStats() {
        LatencyHistogram all = new LatencyHistogram();
        long packets = 0, bytes = 0, lost = 0, frames = 0, checked = 0, damaged = 0;
        for (RemoteStream r : streams.values()) {
            ReceiveStats s = r.stats();
            packets += s.packets();
            bytes += s.bytes();
            lost += s.lost();
            frames += s.videoFrames();
            checked += s.checked();
            damaged += s.damaged();
            r.counters.addLatencies(all);
        }
        return new ReceiveStats(packets, bytes, lost, frames, checked, damaged, all.percentile(0.5),
                all.percentile(0.99), all.max());
    }

    /** {@link RemoteStream#resetStats()} on every stream. */
    public void resetReceiveStats() {
        streams.values().forEach(RemoteStream::resetStats);
    }

    /** Adds the send-to-receive latencies of every stream (since the last reset) to {@code into}. */
    public void addLatenciesTo(LatencyHistogram into) {
        streams.values().forEach(r -> r.counters.addLatencies(into));
    }

    /** TRTC's {@code client.leave()}: the server tells the others; media connections close. */
    public void leave() throws ParleyException {
        SignalChannel s = requireJoined("leave");
        leaving = true;
        try {
            s.request("leave", Map.of());
        } finally {
            closeMedia();
            s.close();
            signal = null;
            streams.clear();
            LOG.info("{} left", userId);
        }
    }

    /** Leaves if joined (errors ignored) and stops the event thread. */
    @Override
    public void close() {
        if (signal != null) {
            try {
                leave();
            } catch (ParleyException e) {
                LOG.debug("{}: leave on close failed: {}", userId, e.getMessage());
            }
        }
        closeMedia();
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeMedia() {
        synchronized (this) {
            if (publication != null) {
                publication.close();
                publication = null;
            }
        }
        synchronized (subscribeLock) {
            if (downlink != null) {
                downlink.close();
                downlink = null;
            }
        }
    }

    private SignalChannel requireJoined(String what) throws ParleyException {
        SignalChannel s = signal;
        if (s == null || !s.isOpen()) {
            throw new ParleyException(ParleyException.INVALID_OPERATION, "INVALID_OPERATION",
                    what + " needs a joined client: join a room first");
        }
        return s;
    }

    private void onEvent(String name, JsonNode data) {
        // Runs on the WebSocket's thread: update the stream table in arrival order, notify on ours.
        switch (name) {
            case "peer-join" -> emit(l -> l.onPeerJoin(data.path("userId").asText()));
            case "peer-leave" -> emit(l -> l.onPeerLeave(data.path("userId").asText()));
            case "stream-added" -> {
                RemoteStream r = RemoteStream.from(data.path("stream"));
                streams.put(r.getId(), r);
                emit(l -> l.onStreamAdded(r));
            }
            case "stream-removed" -> {
                RemoteStream r = streams.remove(data.path("stream").path("streamId").asText());
                if (r != null) {
                    emit(l -> l.onStreamRemoved(r));
                }
            }
            case "stream-updated" -> {
                RemoteStream r = streams.get(data.path("stream").path("streamId").asText());
                if (r != null) {
                    r.update(data.path("stream"));
                    emit(l -> l.onStreamUpdated(r));
                }
            }
            case "client-banned" -> emit(l -> l.onClientBanned(data.path("reason").asText()));
            case "error" -> {
                JsonNode e = data.path("error");
                ParleyException x = new ParleyException(e.path("code").asInt(), e.path("name").asText("SERVER_ERROR"),
                        e.path("message").asText());
                emit(l -> l.onError(x));
            }
            default -> LOG.debug("{}: event {} not handled", userId, name);
        }
    }

    private void onClosed(int code) {
        if (!leaving) {
            ParleyException x = new ParleyException(ParleyException.SIGNAL_CHANNEL_ERROR, "SIGNAL_CHANNEL_ERROR",
                    "the server closed the signaling connection (code " + code + ")");
            emit(l -> l.onError(x));
        }
    }

    private void emit(java.util.function.Consumer<ClientListener> call) {
        if (!events.isShutdown()) {
            events.execute(() -> call.accept(fanOut));
        }
    }
}
