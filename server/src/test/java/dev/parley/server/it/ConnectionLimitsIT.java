package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/SECURITY.md's connection limits against the real server, over raw sockets: what a client that
 * connects and then does nothing useful can hold, and that real clients still get in.
 */
class ConnectionLimitsIT {
    private static final Duration SOON = Duration.ofSeconds(10);
    /** Long enough that no timeout interferes with the caps under test. */
    private static final Duration STILL_OPEN = Duration.ofMillis(300);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private InProcessServer server(String limits) throws Exception {
        InProcessServer s = InProcessServer.start("limits:\n" + limits);
        open.add(0, s); // closed last
        return s;
    }

    private RawConnection connect(InProcessServer s) throws IOException {
        RawConnection c = new RawConnection(s.httpPort());
        open.add(c);
        return c;
    }

    private static void awaitConnections(InProcessServer s, int n) {
        Poll.until("the server to count " + n + " connections", SOON, () -> s.server().http().connections() == n,
                () -> " (counts " + s.server().http().connections() + ")");
    }

    @Test
    void aConnectionThatSendsNothingOrTricklesIsClosedAtTheHeaderTimeout() throws Exception {
        InProcessServer s = server("  headerTimeoutSeconds: 1\n");
        RawConnection silent = connect(s);
        RawConnection trickle = connect(s);
        trickle.send("GET / HTTP/1.1\r\n");
        Thread trickler = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    trickle.send("X");
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server: the point of the test
            }
        });
        trickler.start();

        assertThat(silent.closedByServerWithin(SOON)).isTrue();
        assertThat(trickle.closedByServerWithin(SOON)).isTrue();
        trickler.interrupt();
        awaitConnections(s, 0);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtTheIdleTimeout() throws Exception {
        InProcessServer s = server("  idleTimeoutSeconds: 1\n");
        RawConnection c = connect(s);
        c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(c.readHead()).startsWith("HTTP/1.1 200").contains("keep-alive");

        assertThat(c.closedByServerWithin(SOON)).isTrue();
        awaitConnections(s, 0);
    }

    @Test
    void anAddressOverItsUnjoinedCapIsRefusedAtAcceptAndOthersAreNot() throws Exception {
        InProcessServer s = server("  maxUnjoinedPerIp: 3\n  headerTimeoutSeconds: 60\n");
        List<RawConnection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(connect(s));
        }
        awaitConnections(s, 3);

        RawConnection refused = connect(s);
        assertThat(refused.closedByServerWithin(SOON)).isTrue();
        for (RawConnection c : held) {
            assertThat(c.closedByServerWithin(STILL_OPEN)).isFalse();
        }

        held.get(0).close();
        awaitConnections(s, 2);
        RawConnection again = connect(s);
        again.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(again.readHead()).startsWith("HTTP/1.1 200");
    }

    @Test
    void overTheUnjoinedCapTheOldestIsEvictedAndARealClientStillJoins() throws Exception {
        InProcessServer s = server("  maxUnjoined: 3\n  headerTimeoutSeconds: 60\n");
        List<RawConnection> slowloris = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slowloris.add(connect(s));
            awaitConnections(s, i + 1); // admitted in this order
        }

        RawConnection fourth = connect(s);
        assertThat(slowloris.get(0).closedByServerWithin(SOON)).as("the oldest").isTrue();
        assertThat(fourth.closedByServerWithin(STILL_OPEN)).isFalse();

        try (SignalClient alice = s.connect("alice")) {
            alice.ok("join", InProcessServer.join("alice", 7001));
            alice.ok("heartbeat", Map.of());
        }
        assertThat(s.server().http().unjoinedConnections()).isLessThanOrEqualTo(3);
    }

    @Test
    void overTheConnectionCapTheNewConnectionIsClosed() throws Exception {
        InProcessServer s = server("  maxConnections: 3\n  headerTimeoutSeconds: 60\n");
        List<RawConnection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(connect(s));
        }
        awaitConnections(s, 3);

        assertThat(connect(s).closedByServerWithin(SOON)).isTrue();
        for (RawConnection c : held) {
            assertThat(c.closedByServerWithin(STILL_OPEN)).isFalse();
        }
        for (RawConnection c : held) {
            c.close();
        }
        awaitConnections(s, 0);
    }
}
