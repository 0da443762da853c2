package dev.parley.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.usersig.UserSig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A customer's backend calling the admin API ({@code POST /api/v1/<Action>}) as docs/OPERATIONS.md shows. */
final class AdminClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: the HTTP status and the {@code Response} object. */
    record Answer(int status, JsonNode response) {
        String errorCode() {
            return response.path("Error").path("Code").asText(null);
        }
    }

    private final int httpPort;

    AdminClient(int httpPort) {
        this.httpPort = httpPort;
    }

    /** The admin UserSig the docs tell a backend to make: identifier "administrator", the app's key. */
    static String adminSig() {
        return UserSig.generate(ServerProcess.SDK_APP_ID, ServerProcess.SECRET_KEY, "administrator", 300);
    }

    Answer call(String action, Map<String, Object> body) throws IOException, InterruptedException {
        return call(action, body, "UserSig " + adminSig());
    }

    Answer call(String action, Map<String, Object> body, String authorization) throws IOException, InterruptedException {
        return call(action, JSON.writeValueAsString(body), authorization);
    }

    Answer call(String action, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/" + action))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode root = JSON.readTree(res.body());
        if (!root.has("Response")) {
            throw new IllegalStateException("not in Tencent Cloud's envelope: " + res.body());
        }
        return new Answer(res.statusCode(), root.get("Response"));
    }
}
