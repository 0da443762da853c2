package dev.parley.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Janus's HTTP API (janus.transport.http, "RESTful, HTTP/JSON"): one session, plugin handles attached to
 * it, requests posted to {@code /janus/<session>/<handle>}, asynchronous plugin events taken by a long
 * poll on {@code /janus/<session>} and matched to their request by transaction.
 */
final class JanusApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, CompletableFuture<JsonNode>> events = new ConcurrentHashMap<>();
    private final AtomicLong transactions = new AtomicLong();
    private final long session;
    private final Thread poller;
    private volatile boolean closed;

    JanusApi(int port) throws IOException, InterruptedException {
        this.base = "http://127.0.0.1:" + port + "/janus";
        this.session = post(base, Map.of("janus", "create")).path("data").path("id").asLong();
        poller = new Thread(this::poll, "janus-long-poll");
        poller.setDaemon(true);
        poller.start();
    }

    /** Attaches a VideoRoom handle. */
    long attachVideoRoom() throws IOException, InterruptedException {
        return post(base + "/" + session, Map.of("janus", "attach", "plugin", "janus.plugin.videoroom"))
                .path("data").path("id").asLong();
    }

    /** A synchronous plugin request (e.g. {@code create}): its {@code plugindata.data}. */
    JsonNode request(long handle, Map<String, Object> body) throws IOException, InterruptedException {
        JsonNode r = post(base + "/" + session + "/" + handle, Map.of("janus", "message", "body", body));
        JsonNode data = r.path("plugindata").path("data");
        if (data.has("error")) {
            throw new IOException("Janus refused " + body + ": " + data.path("error").asText());
        }
        return data;
    }

    /**
     * An asynchronous plugin request, with a JSEP or not: the event that answers it (with its {@code jsep}
     * when there is one).
     */
    JsonNode requestAsync(long handle, Map<String, Object> body, Map<String, Object> jsep) throws Exception {
        String tx = "t" + transactions.incrementAndGet();
        CompletableFuture<JsonNode> event = new CompletableFuture<>();
        events.put(tx, event);
        ObjectNode msg = JSON.createObjectNode().put("janus", "message").put("transaction", tx);
        msg.set("body", JSON.valueToTree(body));
        if (jsep != null) {
            msg.set("jsep", JSON.valueToTree(jsep));
        }
        JsonNode ack = send(base + "/" + session + "/" + handle, msg);
        if (ack.path("janus").asText().equals("error")) {
            events.remove(tx);
            throw new IOException("Janus refused " + body + ": " + ack.path("error"));
        }
        JsonNode e = event.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode data = e.path("plugindata").path("data");
        if (data.has("error")) {
            throw new IOException("Janus refused " + body + ": " + data.path("error").asText());
        }
        return e;
    }

    private void poll() {
        while (!closed) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/" + session + "?maxev=20"))
                        .timeout(Duration.ofSeconds(40)).GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonNode n = JSON.readTree(r.body());
                for (JsonNode e : n.isArray() ? n : JSON.createArrayNode().add(n)) {
                    CompletableFuture<JsonNode> f = events.remove(e.path("transaction").asText(""));
                    if (f != null) {
                        f.complete(e);
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    sleepQuietly();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode post(String url, Map<String, Object> body) throws IOException, InterruptedException {
        ObjectNode msg = JSON.valueToTree(body);
        msg.put("transaction", "t" + transactions.incrementAndGet());
        JsonNode r = send(url, msg);
        if (r.path("janus").asText().equals("error")) {
            throw new IOException("Janus refused " + body + ": " + r.path("error"));
        }
        return r;
    }

    private JsonNode send(String url, JsonNode msg) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(msg))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
