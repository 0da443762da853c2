package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.sfu.BrowserOffers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a WebSocket must do to stay connected (docs/SECURITY.md, docs/PROTOCOL.md's close codes), against the
 * real server: join in time, read what it is sent, keep messages under the limit; and what it is told when
 * the server goes away.
 */
class WebSocketLimitsIT {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final AtomicInteger ROOMS = new AtomicInteger(9100);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private InProcessServer server(String yaml) throws Exception {
        InProcessServer s = InProcessServer.start(yaml);
        open.add(0, s); // closed last
        return s;
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private static void awaitConnections(InProcessServer s, int n) {
        Poll.until("the server to count " + n + " connections", SOON, () -> s.server().http().connections() == n,
                () -> " (counts " + s.server().http().connections() + ")");
    }

    @Test
    void aWebSocketThatSendsHeartbeatsButNeverJoinsIsClosedWith4004() throws Exception {
        InProcessServer s = server("limits:\n  joinTimeoutSeconds: 1\n");
        SignalClient idle = keep(s.connect("idle")); // heartbeats every 500 ms

        assertThat(idle.awaitClosed(SOON)).isEqualTo(4004);
        awaitConnections(s, 0);
    }

    @Test
    void aJoinedWebSocketOutlivesTheJoinTimeout() throws Exception {
        InProcessServer s = server("limits:\n  joinTimeoutSeconds: 1\n");
        SignalClient alice = keep(s.connect("alice"));
        alice.ok("join", InProcessServer.join("alice", ROOMS.incrementAndGet()));
        Thread.sleep(1500); // past the join timeout
        alice.ok("heartbeat", Map.of());
        assertThat(alice.isClosed()).isFalse();
        assertThat(s.server().http().unjoinedConnections()).isZero();
    }

    /** The first attack of issue 9: 7-byte malformed frames, each answered, and nothing ever read. */
    @Test
    void aClientThatSendsButNeverReadsIsDisconnected() throws Exception {
        // Whichever comes first ends it: the bytes it may send before joining, or the join timeout; meanwhile
        // the server stops reading it as soon as its replies pile up.
        InProcessServer s = server("limits:\n  joinTimeoutSeconds: 2\n");
        RawWebSocket spammer = keep(RawWebSocket.open(s.httpPort(), 4096));
        byte[] malformed = RawWebSocket.frame(0x1, true, new byte[] {'x'}); // 7 bytes, each one an error reply
        byte[] burst = new byte[malformed.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(malformed, 0, burst, i * malformed.length, malformed.length);
        }
        CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> {
            long n = 0;
            try {
                while (true) {
                    spammer.out.write(burst); // blocks once the server stops reading
                    n += burst.length;
                }
            } catch (IOException e) {
                return n; // the server closed the connection
            }
        });

        long bytes = written.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(bytes).isPositive();
        awaitConnections(s, 0);
    }

    @Test
    void aJoinedClientThatStopsReadingIsDroppedWhileEventsKeepComing() throws Exception {
        // Heartbeat and join timeouts out of play: only the unsent-bytes bound can end bob's connection.
        InProcessServer s = server("heartbeatTimeoutSeconds: 120\nlimits:\n  maxPendingWriteBytes: 65536\n"
                + "  requestsPerSecond: 100000\n  maxQueuedRequests: 100000\n"); // alice's mutes are not what is tested
        int room = ROOMS.incrementAndGet();
        SignalClient alice = keep(s.connect("alice"));
        alice.ok("join", InProcessServer.join("alice", room));
        alice.ok("publish", Map.of("offer", BrowserOffers.read(BrowserOffers.CHROME), "type", "main"));
        RawWebSocket bob = keep(RawWebSocket.open(s.httpPort(), 4096));
        bob.sendRequest(1, "join", InProcessServer.join("bob", room));
        assertThat(bob.awaitResponse(1)).contains("\"ok\":true");
        alice.awaitEvent("peer-join");
        // bob reads nothing from now on. Every mute of alice's is two events for him.

        long id = 1_000_000;
        for (int batch = 0; batch < 200 && s.server().http().connections() > 1; batch++) {
            for (int i = 0; i < 50; i++) {
                id++;
                alice.sendRaw("{\"v\":1,\"id\":" + id + ",\"type\":\"mute\",\"data\":{\"kind\":\"audio\",\"muted\":"
                        + (id % 2 == 0) + "}}");
            }
            alice.awaitResponse(id);
        }

        JsonNode left = alice.awaitEvent("peer-leave");
        assertThat(left.path("userId").asText()).isEqualTo("bob");
        awaitConnections(s, 1);
        alice.ok("heartbeat", Map.of());
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        InProcessServer s = server("");
        RawWebSocket bob = keep(RawWebSocket.open(s.httpPort(), 0));
        bob.sendRequest(1, "join", InProcessServer.join("bob", ROOMS.incrementAndGet()));
        assertThat(bob.awaitResponse(1)).contains("\"ok\":true");

        byte[] part = new byte[400 * 1024];
        Arrays.fill(part, (byte) ' ');
        bob.sendFrame(0x1, false, "{\"pad\":\"".getBytes(StandardCharsets.UTF_8));
        bob.sendFrame(0x0, false, part);
        bob.sendFrame(0x0, false, part);
        bob.sendFrame(0x0, true, part); // over 1 MiB with this last fragment: the server has read everything

        assertThat(bob.awaitCloseCode(SOON)).isEqualTo(1009);
    }

    @Test
    void theServerSays1001GoingAwayWhenItShutsDown() throws Exception {
        InProcessServer s = InProcessServer.start("");
        SignalClient alice = keep(s.connect("alice"));
        alice.ok("join", InProcessServer.join("alice", ROOMS.incrementAndGet()));
        SignalClient anonymous = keep(s.connect("anonymous"));
        anonymous.ok("heartbeat", Map.of());

        s.close();

        assertThat(alice.awaitClosed(SOON)).isEqualTo(1001);
        assertThat(anonymous.awaitClosed(SOON)).isEqualTo(1001);
    }
}
