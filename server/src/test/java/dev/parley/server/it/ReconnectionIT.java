package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls survive the network and the server (issue 12; docs/PROTOCOL.md "Reconnection", WEB-SDK.md
 * "Connection states and recovery"): the seed pages, verbatim, in a call through the real server jar while
 * the signaling is cut, UDP is blocked, the client's address changes, the server is killed and restarted on
 * the same ports, or drained by SIGTERM. What is asserted is what a user sees: video decoded again (getStats
 * framesDecoded advancing), the connection states, and the room's events. Each test prints a
 * "fault-to-video" line: the time from the end of the fault to decoded video again (docs/PERFORMANCE.md).
 * With {@code -Dreconnection.log=1} it also prints each test's server log and the restarted pages' events.
 */
class ReconnectionIT {
    private static final AtomicInteger ROOMS = new AtomicInteger(7000);
    private static final Duration FIRST_MEDIA = Duration.ofSeconds(30);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private ServerProcess server;

    @AfterEach
    void closeAll() {
        if (System.getProperty("reconnection.log") != null && server != null) {
            System.out.println("--- server log ---\n" + server.log());
        }
        Collections.reverse(resources);
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                System.err.println("closing " + r + " failed: " + e);
            }
        }
        resources.clear();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private ServerProcess start(ServerProcess.Options options) throws Exception {
        server = options.start();
        resources.add(() -> server.close()); // the current server, also after a restart
        return server;
    }

    /** A raw client's join data for the jar's app. */
    private static Map<String, Object> join(String userId, int room) {
        return Map.of("sdkAppId", ServerProcess.SDK_APP_ID, "userId", userId, "userSig", ServerProcess.userSig(userId),
                "roomId", room, "role", "anchor", "mode", "rtc", "sdkVersion", "it");
    }

    private static String query(String userId, int room) {
        return "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + userId + "&userSig="
                + ServerProcess.userSig(userId) + "&roomId=" + room;
    }

    private CallPage chromium(PageServer pages, String userId, int room) {
        Browser b = keep(new Browser());
        b.open(pages.url("seed-videocall.html") + query(userId, room));
        return CallPage.of(b, "Chromium " + userId);
    }

    private CallPage firefox(String parleyBase, String userId, int room) throws Exception {
        Firefox f = keep(new Firefox(parleyBase, "seed-videocall.html" + query(userId, room)));
        return CallPage.of(f, "Firefox " + userId);
    }

    private Supplier<String> log() {
        return () -> "\n--- server log (tail) ---\n" + Poll.tail(server.log(), 80);
    }

    private void awaitCall(CallPage... pages) {
        for (CallPage p : pages) {
            p.awaitDecoding("at the start of the call", 10, FIRST_MEDIA, log());
        }
    }

    /** Two Chromium seed pages in a call through the current server (alice, bob). */
    private List<CallPage> chromiumCall() throws Exception {
        PageServer pages = keep(new PageServer(server.baseUrl()));
        int room = ROOMS.incrementAndGet();
        CallPage alice = chromium(pages, "alice", room);
        CallPage bob = chromium(pages, "bob", room);
        awaitCall(alice, bob);
        return List.of(alice, bob);
    }

    /** Through the fault the page kept its one remote stream (no stream-removed or new stream-added) and saw no error. */
    private static void assertStreamKeptWithoutError(CallPage p) {
        assertThat(p.count("stream-added", null)).as("%s stream-added", p.name()).isEqualTo(1);
        assertThat(p.count("stream-removed", null)).as("%s stream-removed", p.name()).isZero();
        assertThat(p.count("error", null)).as("%s errors", p.name()).isZero();
    }

    private static void report(String fault, CallPage p, Duration d) {
        System.out.println("fault-to-video " + fault + " (" + p.name() + "): " + d.toMillis() + " ms");
    }

    @Test
    void aWebSocketCutOf5sKeepsVideoDecodedAndTheRoomViewExact() throws Exception {
        start(ServerProcess.with());
        TcpProxy proxy = keep(new TcpProxy(server.httpPort()));
        PageServer pages = keep(new PageServer("http://localhost:" + proxy.port()));
        int room = ROOMS.incrementAndGet();
        CallPage alice = chromium(pages, "alice", room);
        CallPage bob = chromium(pages, "bob", room);
        awaitCall(alice, bob);
        SignalClient dave = keep(SignalClient.connect(server.httpPort(), "dave"));
        dave.ok("join", join("dave", room));
        for (CallPage p : List.of(alice, bob)) {
            CallPage.await(p.name() + " sees dave", Duration.ofSeconds(10), () -> p.count("peer-join", "dave") == 1, log());
        }

        proxy.cut();
        long cutAt = System.nanoTime();
        for (CallPage p : List.of(alice, bob)) {
            CallPage.await(p.name() + " goes RECONNECTING", Duration.ofSeconds(10),
                    () -> "RECONNECTING".equals(p.state()), log());
        }
        dave.ok("leave", Map.of()); // a user who leaves while the others cannot hear of it
        // Media does not cross the proxy: video keeps being decoded during the cut.
        for (CallPage p : List.of(alice, bob)) {
            p.awaitDecoding("during the cut", 10, Duration.ofSeconds(3), log());
        }
        while (System.nanoTime() - cutAt < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(100); // the fault's length, not an assertion
        }
        proxy.restore();
        long restoredAt = System.nanoTime();
        for (CallPage p : List.of(alice, bob)) {
            CallPage.await(p.name() + " is CONNECTED again", Duration.ofSeconds(15),
                    () -> "CONNECTED".equals(p.state()), log());
            System.out.println("fault-to-signaling websocket-cut-5s (" + p.name() + "): "
                    + Duration.ofNanos(System.nanoTime() - restoredAt).toMillis() + " ms");
            assertThat(p.states()).containsSubsequence("CONNECTED", "RECONNECTING", "CONNECTED");
            CallPage.await(p.name() + " sees dave gone", Duration.ofSeconds(5), () -> p.count("peer-leave", "dave") == 1, log());
            p.awaitDecoding("after the cut", 10, Duration.ofSeconds(5), log());
        }
        SignalClient carol = keep(SignalClient.connect(server.httpPort(), "carol"));
        carol.ok("join", join("carol", room));
        for (CallPage p : List.of(alice, bob)) {
            CallPage.await(p.name() + " sees carol", Duration.ofSeconds(10), () -> p.count("peer-join", "carol") == 1, log());
            // The same streams all along: no stream was announced again, none removed.
            assertStreamKeptWithoutError(p);
        }
        assertThat(server.log()).as("the server resumed both sessions").contains("user alice resumed its session")
                .contains("user bob resumed its session");
    }

    @Test
    void chromiumPagesComeBackByThemselvesAfterAKill9AndRestartOnTheSamePorts() throws Exception {
        killAndRestart(false);
    }

    @Test
    void firefoxComesBackByItselfAfterAKill9AndRestartOnTheSamePorts() throws Exception {
        killAndRestart(true);
    }

    private void killAndRestart(boolean withFirefox) throws Exception {
        start(ServerProcess.with());
        PageServer pages = keep(new PageServer(server.baseUrl()));
        int room = ROOMS.incrementAndGet();
        CallPage alice = withFirefox ? firefox(server.baseUrl(), "alice", room) : chromium(pages, "alice", room);
        CallPage bob = chromium(pages, "bob", room);
        awaitCall(alice, bob);
        int http = server.httpPort();
        int rtc = server.rtcPort();

        ServerProcess old = server;
        old.kill();
        old.close();
        for (CallPage p : List.of(alice, bob)) {
            CallPage.await(p.name() + " goes RECONNECTING", Duration.ofSeconds(10),
                    () -> "RECONNECTING".equals(p.state()), log());
        }
        server = ServerProcess.with().args("--http-port", Integer.toString(http), "--rtc-port", Integer.toString(rtc))
                .start();
        long restartedAt = System.nanoTime();
        String fault = "kill-9-restart" + (withFirefox ? "-firefox" : "");
        for (CallPage p : List.of(alice, bob)) {
            p.awaitDecoding("after the restart", 10,
                    Duration.ofSeconds(10).minusNanos(System.nanoTime() - restartedAt), log());
            report(fault, p, Duration.ofNanos(System.nanoTime() - restartedAt));
            if (System.getProperty("reconnection.log") != null) {
                System.out.println(p.name() + " events: " + p.events() + " now " + System.currentTimeMillis());
                System.out.println(p.name() + " stats: " + p.eval("return JSON.stringify(await window.__rtpStats()) + ' pcs ' + window.__pcs.map(pc => pc.connectionState).join(',');"));
            }
            assertThat(p.states()).containsSubsequence("CONNECTED", "RECONNECTING", "CONNECTED");
            // The page keeps the stream it holds: nothing removed, nothing added a second time.
            assertThat(p.count("stream-removed", null)).as("%s stream-removed", p.name()).isZero();
            assertThat(p.count("stream-added", null)).as("%s stream-added", p.name()).isEqualTo(1);
        }
        assertThat(server.health()).contains("\"rooms\":1");
    }

    @Test
    void aServerFrozenFor12sIsResumedByItself() throws Exception {
        start(ServerProcess.with());
        PageServer pages = keep(new PageServer(server.baseUrl()));
        int room = ROOMS.incrementAndGet();
        CallPage alice = chromium(pages, "alice", room);
        CallPage bob = chromium(pages, "bob", room);
        awaitCall(alice, bob);

        server.signal("STOP");
        try {
            // Past the clients' 8 s limit for a silent server: they give the socket up and retry.
            for (CallPage p : List.of(alice, bob)) {
                CallPage.await(p.name() + " goes RECONNECTING", Duration.ofSeconds(12),
                        () -> "RECONNECTING".equals(p.state()), log());
            }
            Thread.sleep(3000); // 12 s frozen in all: the fault's length, not an assertion
        } finally {
            server.signal("CONT");
        }
        long resumedAt = System.nanoTime();
        for (CallPage p : List.of(alice, bob)) {
            CallPage.await(p.name() + " is CONNECTED again", Duration.ofSeconds(15),
                    () -> "CONNECTED".equals(p.state()), log());
            p.awaitDecoding("after the server went on", 10, Duration.ofSeconds(10), log());
            report("sigstop-12s", p, Duration.ofNanos(System.nanoTime() - resumedAt));
            assertThat(p.count("stream-removed", null)).as("%s stream-removed", p.name()).isZero();
            assertThat(p.count("error", null)).as("%s errors", p.name()).isZero();
        }
    }

    /**
     * A server whose UDP media goes through an impairment relay; its consent timeout as given; without ICE-TCP
     * (whose candidate bypasses the relay: with it, blocked UDP moves the call to TCP, see
     * {@link #withIceTcpABlockedUdpPathMovesTheCallToTcp}).
     */
    private ImpairmentRelay relayedServer(int consentTimeoutSeconds) throws Exception {
        return relayedServer(consentTimeoutSeconds, false);
    }

    private ImpairmentRelay relayedServer(int consentTimeoutSeconds, boolean iceTcp) throws Exception {
        int rtcPort = FreePort.forUdpAndTcp(); // free now; the server binds it right after
        ImpairmentRelay relay = keep(new ImpairmentRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), rtcPort),
                ImpairmentRelay.Impairment.NONE, ImpairmentRelay.Impairment.NONE, 12));
        // With ICE-TCP, its port takes the UDP port's number (the default).
        start(ServerProcess.with().yaml("consentTimeoutSeconds: " + consentTimeoutSeconds + "\n"
                        + (iceTcp ? "" : "tcpPort: \"off\"\n"))
                .args("--rtc-port", Integer.toString(rtcPort), "--announce-port", Integer.toString(relay.port())));
        return relay;
    }

    @Test
    void withIceTcpABlockedUdpPathMovesTheCallToTcp() throws Exception {
        // The browsers' ICE restarts (ours) find the server's passive TCP candidate, which the UDP relay does not
        // carry: the call goes on over ICE-TCP while UDP stays blocked, with no new stream and no error.
        ImpairmentRelay relay = relayedServer(30, true);
        List<CallPage> call = chromiumCall();
        CallPage alice = call.get(0);
        CallPage bob = call.get(1);

        relay.block(true);
        long blockedAt = System.nanoTime();
        // Four transports (two uplinks, two downlinks), each on TCP now.
        CallPage.await("every transport on ICE-TCP", Duration.ofSeconds(30),
                () -> server.log().split("ICE selected tcp", -1).length - 1 >= 4, log());
        for (CallPage p : List.of(alice, bob)) {
            p.awaitDecoding("over ICE-TCP while UDP is blocked", 10, Duration.ofSeconds(10), log());
            report("udp-blocked-to-ice-tcp", p, Duration.ofNanos(System.nanoTime() - blockedAt));
            assertStreamKeptWithoutError(p);
        }
    }

    @Test
    void udpBlockedFor5sBothWaysThenVideoResumesWithoutANewStream() throws Exception {
        ImpairmentRelay relay = relayedServer(30);
        List<CallPage> call = chromiumCall();
        CallPage alice = call.get(0);
        CallPage bob = call.get(1);

        relay.block(true);
        Thread.sleep(5000); // the fault's length, not an assertion
        relay.block(false);
        long unblockedAt = System.nanoTime();
        for (CallPage p : List.of(alice, bob)) {
            p.awaitDecoding("after UDP came back", 10,
                    Duration.ofSeconds(5).minusNanos(System.nanoTime() - unblockedAt), log());
            report("udp-blocked-5s", p, Duration.ofNanos(System.nanoTime() - unblockedAt));
            assertStreamKeptWithoutError(p);
        }
    }

    @Test
    void udpBlockedPastTheConsentTimeoutGivesTheReconnectionFailedErrors() throws Exception {
        ImpairmentRelay relay = relayedServer(10);
        List<CallPage> call = chromiumCall();
        CallPage alice = call.get(0);
        CallPage bob = call.get(1);

        relay.block(true);
        // docs/WEB-SDK.md: past the server's consentTimeoutSeconds without connectivity, despite ICE restarts,
        // the uplink ends with UPLINK_RECONNECTION_FAILED (0x4007) and the downlink with 0x4008.
        for (CallPage p : List.of(alice, bob)) {
            CallPage.await(p.name() + " gets 0x4007 and 0x4008", Duration.ofSeconds(25),
                    () -> p.events().stream().filter(e -> "error".equals(e.get("name")))
                            .map(e -> ((Number) e.get("code")).intValue()).toList()
                            .containsAll(List.of(0x4007, 0x4008)), log());
        }
        assertThat(server.log()).contains("ICE consent expired").contains("restarted ICE");
    }

    @Test
    void theCallGoesOnWhenTheClientAddressChanges() throws Exception {
        ImpairmentRelay relay = relayedServer(30);
        List<CallPage> call = chromiumCall();
        CallPage alice = call.get(0);
        CallPage bob = call.get(1);

        relay.moveClientPorts();
        long movedAt = System.nanoTime();
        for (CallPage p : List.of(alice, bob)) {
            // Both directions: each page decodes the other, whose uplink now comes from a new address.
            p.awaitDecoding("after its address changed", 10, Duration.ofSeconds(10), log());
            report("address-change", p, Duration.ofNanos(System.nanoTime() - movedAt));
        }
        // Past the first frames: still decoding a while later (the server follows the new address).
        Thread.sleep(2000);
        for (CallPage p : List.of(alice, bob)) {
            p.awaitDecoding("2 s after its address changed", 10, Duration.ofSeconds(3), log());
            assertThat(p.count("stream-added", null)).isEqualTo(1);
        }
    }

    @Test
    void sigtermDrainsRefusesJoinsKeepsTheCallAndExits0() throws Exception {
        start(ServerProcess.with().yaml("drainTimeoutSeconds: 60\n"));
        PageServer pages = keep(new PageServer(server.baseUrl()));
        int room = ROOMS.incrementAndGet();
        CallPage alice = chromium(pages, "alice", room);
        CallPage bob = chromium(pages, "bob", room);
        awaitCall(alice, bob);
        assertThat(server.get("/readyz").statusCode()).isEqualTo(200);

        server.terminate();
        Poll.until("/readyz says draining", Duration.ofSeconds(5), () -> {
            try {
                var r = server.get("/readyz");
                return r.statusCode() == 503 && r.body().contains("draining");
            } catch (Exception e) {
                return false;
            }
        }, log());
        assertThat(server.get("/healthz").statusCode()).as("liveness is not readiness").isEqualTo(200);
        SignalClient late = keep(SignalClient.connect(server.httpPort(), "late"));
        JsonNode refused = late.fails("join", join("late", room));
        assertThat(refused.path("code").asInt()).isEqualTo(0x4004);
        assertThat(refused.path("reason").asText()).isEqualTo("draining");
        for (CallPage p : List.of(alice, bob)) {
            p.awaitDecoding("while the server drains", 10, Duration.ofSeconds(5), log());
        }
        assertThat(server.isAlive()).isTrue();
        alice.eval("leaveRoom(); return null;");
        bob.eval("leaveRoom(); return null;");
        OptionalInt status = server.awaitExit(Duration.ofSeconds(15));
        assertThat(status).as("exit status once the calls ended (log: %s)", Poll.tail(server.log(), 20)).hasValue(0);
        assertThat(server.log()).contains("drained: every call ended");
    }

    @Test
    void sigtermExits0AtTheDrainTimeoutWhenACallGoesOn() throws Exception {
        start(ServerProcess.with().yaml("drainTimeoutSeconds: 2\n"));
        SignalClient alice = keep(SignalClient.connect(server.httpPort(), "alice"));
        alice.ok("join", join("alice", ROOMS.incrementAndGet()));
        server.terminate();
        JsonNode goingAway = alice.awaitEvent("server-going-away");
        assertThat(goingAway.has("reconnectUrl")).isTrue();
        assertThat(goingAway.path("drainTimeoutSeconds").asInt()).isEqualTo(2);
        assertThat(server.awaitExit(Duration.ofSeconds(15))).hasValue(0);
        assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isEqualTo(1001);
    }
}
