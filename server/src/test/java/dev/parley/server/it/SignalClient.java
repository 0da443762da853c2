package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A signaling client speaking docs/PROTOCOL.md over the JDK's WebSocket: requests with ids, responses
 * matched by id, events kept in arrival order until a test asks for them. It sends a heartbeat every
 * 500 ms (responses dropped) unless told to stay silent.
 */
final class SignalClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signal-client-heartbeat");
        t.setDaemon(true);
        return t;
    });

    final String name;
    private final LinkedBlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> unread = new ArrayList<>(); // test thread only
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final Set<Long> heartbeatIds = ConcurrentHashMap.newKeySet();
    private final Object sendLock = new Object();
    private WebSocket ws;
    private ScheduledFuture<?> heartbeat;

    private SignalClient(String name) {
        this.name = name;
    }

    static SignalClient connect(int httpPort, String name) throws Exception {
        SignalClient c = new SignalClient(name);
        c.ws = HTTP.newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/ws"), c.listener())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        c.heartbeat = TIMER.scheduleAtFixedRate(c::autoHeartbeat, 500, 500, TimeUnit.MILLISECONDS);
        return c;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode frame = JSON.readTree(text.toString());
                        if (!isHeartbeatResponse(frame)) {
                            incoming.add(frame);
                        }
                    } catch (Exception e) {
                        incoming.add(JSON.createObjectNode().put("type", "unparseable").put("text", text.toString()));
                    }
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    private boolean isHeartbeatResponse(JsonNode frame) {
        return frame.path("type").asText().equals("response") && heartbeatIds.remove(frame.path("id").asLong());
    }

    private void autoHeartbeat() {
        if (closed.isDone()) {
            return;
        }
        long id = ids.incrementAndGet();
        heartbeatIds.add(id);
        try {
            sendRaw(frame(id, "heartbeat", Map.of()));
        } catch (RuntimeException e) {
            // the connection is closing; the test will notice
        }
    }

    /** Stops the automatic heartbeats: the client goes silent. */
    void silence() {
        heartbeat.cancel(false);
    }

    private static String frame(long id, String type, Object data) {
        try {
            return JSON.writeValueAsString(Map.of("v", 1, "id", id, "type", type, "data", data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void sendRaw(String text) {
        synchronized (sendLock) {
            ws.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    void sendBinary(byte[] bytes) {
        synchronized (sendLock) {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    /** Sends a request and returns its response frame. */
    JsonNode request(String type, Object data) throws Exception {
        long id = ids.incrementAndGet();
        sendRaw(frame(id, type, data));
        return awaitResponse(id);
    }

    /** A request that must succeed; returns its response data. */
    JsonNode ok(String type, Object data) throws Exception {
        JsonNode r = request(type, data);
        assertThat(r.path("ok").asBoolean()).as("%s: %s must succeed, got %s", name, type, r).isTrue();
        return r.path("data");
    }

    /** A request that must fail; returns its {@code error} object. */
    JsonNode fails(String type, Object data) throws Exception {
        JsonNode r = request(type, data);
        assertThat(r.path("ok").asBoolean()).as("%s: %s must fail, got %s", name, type, r).isFalse();
        return r.path("error");
    }

    JsonNode awaitResponse(long id) throws Exception {
        return await(f -> f.path("type").asText().equals("response") && f.path("id").asLong() == id,
                "response " + id);
    }

    /** The next unread event of that name (earlier events of other names stay unread). */
    JsonNode awaitEvent(String event) throws Exception {
        return await(f -> f.path("type").asText().equals("event") && f.path("name").asText().equals(event),
                "event " + event).path("data");
    }

    /**
     * Everything the server sent up to a heartbeat's response. Frames on one connection arrive in order,
     * so this is every event caused by what happened before the call.
     */
    List<JsonNode> drainEvents() throws Exception {
        long id = ids.incrementAndGet();
        sendRaw(frame(id, "heartbeat", Map.of()));
        awaitResponse(id);
        List<JsonNode> events = new ArrayList<>();
        for (Iterator<JsonNode> it = unread.iterator(); it.hasNext(); ) {
            JsonNode f = it.next();
            if (f.path("type").asText().equals("event")) {
                events.add(f);
                it.remove();
            }
        }
        return events;
    }

    /** Names of {@link #drainEvents()}. */
    List<String> drainEventNames() throws Exception {
        return drainEvents().stream().map(e -> e.path("name").asText()).toList();
    }

    private JsonNode await(Predicate<JsonNode> wanted, String what) throws Exception {
        for (Iterator<JsonNode> it = unread.iterator(); it.hasNext(); ) {
            JsonNode f = it.next();
            if (wanted.test(f)) {
                it.remove();
                return f;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode f = left <= 0 ? null : incoming.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new TimeoutException(name + ": no " + what + " within " + WAIT + "; unread: " + unread
                        + (closed.isDone() ? " (connection closed: " + closed.join() + ")" : ""));
            }
            if (wanted.test(f)) {
                return f;
            }
            unread.add(f);
        }
    }

    /** Waits for the server to close the connection; returns the close code (-1 for an abort). */
    int awaitClosed(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The connection breaks (no close frame): as a network fault would end it. */
    void drop() {
        heartbeat.cancel(false);
        ws.abort();
    }

    /** Sends a request with the id given (a request sent again after a resume) and waits for its response. */
    JsonNode requestWithId(long id, String type, Object data) throws Exception {
        sendRaw(frame(id, type, data));
        return awaitResponse(id);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
        if (!closed.isDone()) {
            try {
                synchronized (sendLock) {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                }
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // fall through to abort
            }
        }
        ws.abort();
    }
}
