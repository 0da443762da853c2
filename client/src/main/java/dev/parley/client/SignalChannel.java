package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * docs/PROTOCOL.md over the JDK's WebSocket: requests with ids, responses matched by id, events handed
 * to a listener in arrival order (on the WebSocket's thread), a heartbeat at the interval the server
 * gave at join.
 */
final class SignalChannel implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-client-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final BiConsumer<String, JsonNode> events;
    private final IntConsumer onClose;
    private final Object sendLock = new Object();
    private volatile WebSocket ws;
    private volatile boolean closed;
    private ScheduledFuture<?> heartbeat;

    private SignalChannel(BiConsumer<String, JsonNode> events, IntConsumer onClose) {
        this.events = events;
        this.onClose = onClose;
    }

    /** Opens the WebSocket at {@code wsUri} ({@code ws://host:port/ws}). */
    static SignalChannel open(URI wsUri, BiConsumer<String, JsonNode> events, IntConsumer onClose)
            throws ParleyException {
        SignalChannel c = new SignalChannel(events, onClose);
        try {
            c.ws = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(wsUri, c.listener())
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ParleyException(ParleyException.SIGNAL_CHANNEL_SETUP_FAILED, "SIGNAL_CHANNEL_SETUP_FAILED",
                    "cannot open the WebSocket " + wsUri + ": " + (e.getCause() != null ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParleyException(ParleyException.SIGNAL_CHANNEL_SETUP_FAILED, "SIGNAL_CHANNEL_SETUP_FAILED",
                    "interrupted while connecting to " + wsUri, e);
        }
        return c;
    }

    /** Sends a heartbeat every {@code interval} from now on (PROTOCOL.md "heartbeat"). */
    void startHeartbeat(Duration interval) {
        long ms = Math.max(100, interval.toMillis());
        heartbeat = HEARTBEAT.scheduleAtFixedRate(() -> {
            if (!closed) {
                send("heartbeat", Map.of()).exceptionally(e -> null);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Sends a request; the future completes with the response frame (ok or not). */
    CompletableFuture<JsonNode> send(String type, Object data) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        pending.put(id, response);
        String text;
        try {
            text = JSON.writeValueAsString(Map.of("v", 1, "id", id, "type", type, "data", data));
        } catch (Exception e) {
            pending.remove(id);
            return CompletableFuture.failedFuture(e);
        }
        synchronized (sendLock) {
            ws.sendText(text, true).whenComplete((w, e) -> {
                if (e != null) {
                    CompletableFuture<JsonNode> f = pending.remove(id);
                    if (f != null) {
                        f.completeExceptionally(e);
                    }
                }
            });
        }
        return response.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(id));
    }

    /** A request that must succeed: its response {@code data}, or the server's error as an exception. */
    JsonNode request(String type, Object data) throws ParleyException {
        JsonNode r;
        try {
            r = send(type, data).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new ParleyException(ParleyException.SERVER_TIMEOUT, "SERVER_TIMEOUT",
                        "no response to " + type + " within " + TIMEOUT, e.getCause());
            }
            throw new ParleyException(ParleyException.SIGNAL_CHANNEL_ERROR, "SIGNAL_CHANNEL_ERROR",
                    type + " could not be sent: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParleyException(ParleyException.SIGNAL_CHANNEL_ERROR, "SIGNAL_CHANNEL_ERROR",
                    "interrupted while waiting for " + type, e);
        }
        if (!r.path("ok").asBoolean()) {
            JsonNode error = r.path("error");
            throw new ParleyException(error.path("code").asInt(ParleyException.SIGNAL_CHANNEL_ERROR),
                    error.path("name").asText("SERVER_ERROR"), type + " refused: " + error.path("message").asText());
        }
        return r.path("data");
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    onFrame(text.toString());
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                ended(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                ended(-1);
            }
        };
    }

    private void onFrame(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (Exception e) {
            return; // the server sends JSON; a frame that is not cannot be matched to anything
        }
        switch (frame.path("type").asText()) {
            case "response" -> {
                CompletableFuture<JsonNode> f = pending.remove(frame.path("id").asLong());
                if (f != null) {
                    f.complete(frame);
                }
            }
            case "event" -> events.accept(frame.path("name").asText(),
                    frame.path("data") instanceof ObjectNode o ? o : JSON.createObjectNode());
            default -> { }
        }
    }

    private void ended(int code) {
        boolean wasOpen = !closed;
        closed = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed")));
        if (wasOpen) {
            onClose.accept(code);
        }
    }

    boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        WebSocket w = ws;
        if (w != null) {
            try {
                synchronized (sendLock) {
                    w.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                // the connection is gone already; abort below
            }
            w.abort();
        }
    }
}
