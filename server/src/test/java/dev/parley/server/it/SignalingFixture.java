package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.sfu.BrowserOffers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the signaling ITs share: the real server in this JVM (rooms of at most 3 users and 2 publishers),
 * WebSocket clients closed after each test, and helpers to join, publish and check errors.
 */
abstract class SignalingFixture {
    static final int INVALID_PARAMETER = 0x1000;
    static final int INVALID_OPERATION = 0x1001;
    static final int JOIN_ROOM_FAILED = 0x4004;
    static final int REMOTE_STREAM_NOT_EXIST = 0x4010;
    static final AtomicInteger ROOMS = new AtomicInteger(5000);

    static InProcessServer server;
    private final List<SignalClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start("rooms:\n  maxUsers: 3\n  maxPublishers: 2\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SignalClient::close);
    }

    SignalClient connect(String name) throws Exception {
        return connect(server, name);
    }

    SignalClient connect(InProcessServer s, String name) throws Exception {
        SignalClient c = s.connect(name);
        clients.add(c);
        return c;
    }

    /** Connects and joins {@code room} as {@code userId}; the join's own events stay unread. */
    SignalClient joined(String userId, int room) throws Exception {
        SignalClient c = connect(userId);
        c.ok("join", InProcessServer.join(userId, room));
        return c;
    }

    static Map<String, Object> publishData(String fixture) {
        return Map.of("offer", BrowserOffers.read(fixture), "type", "main", "hasAudio", true, "hasVideo", true,
                "audioMuted", false, "videoMuted", false);
    }

    static String publish(SignalClient c, String fixture) throws Exception {
        JsonNode data = c.ok("publish", publishData(fixture));
        assertThat(data.path("streamId").asText()).matches("s\\d+");
        return data.path("streamId").asText();
    }

    static void assertError(JsonNode error, int code, String name, String messagePart) {
        assertThat(error.path("code").asInt()).as("code of %s", error).isEqualTo(code);
        assertThat(error.path("name").asText()).isEqualTo(name);
        assertThat(error.path("message").asText()).as("message of %s", error).contains(messagePart);
    }
}
