package dev.parley.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A customer's callback handler as TRTC's docs describe it: checks {@code SdkAppId} and
 * {@code Sign = base64(HMAC-SHA256(key, body))} over the raw body, answers 200 {"code":0}, and keeps every
 * event in arrival order. It can be stopped and started again on the same port (the receiver being down).
 */
final class CallbackReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One callback: its body's fields, and whether its signature and app header were right. */
    record Received(int group, int type, JsonNode info, boolean signatureOk, String sdkAppIdHeader) {
        String userId() {
            return info.path("UserId").asText(null);
        }

        String roomId() {
            return info.path("RoomId").asText();
        }
    }

    private final String key;
    private final int port;
    private final List<Received> received = new ArrayList<>();
    private HttpServer server;

    CallbackReceiver(String key) throws IOException {
        this.key = key;
        start(0);
        this.port = server.getAddress().getPort();
    }

    private void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 16);
        server.createContext("/trtc/callback", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String sign = exchange.getRequestHeaders().getFirst("Sign");
            boolean ok = sign != null && MessageDigest.isEqual(sign.getBytes(StandardCharsets.US_ASCII),
                    expectedSign(body).getBytes(StandardCharsets.US_ASCII));
            JsonNode root = JSON.readTree(body);
            synchronized (received) {
                received.add(new Received(root.path("EventGroupId").asInt(), root.path("EventType").asInt(),
                        root.path("EventInfo"), ok && root.path("CallbackTs").isIntegralNumber(),
                        exchange.getRequestHeaders().getFirst("SdkAppId")));
            }
            byte[] answer = "{\"code\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    private String expectedSign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/trtc/callback";
    }

    /** The receiver goes down: connections to its port are refused. */
    void stop() {
        server.stop(0);
    }

    /** Back up on the same port. */
    void restart() throws IOException {
        start(port);
    }

    /** The events of one room, in arrival order. */
    List<Received> ofRoom(String roomId) {
        synchronized (received) {
            return received.stream().filter(r -> r.roomId().equals(roomId)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
