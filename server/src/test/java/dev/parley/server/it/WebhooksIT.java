package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TRTC-format webhooks from the real server jar to a receiver that checks every signature, for calls between
 * two Chromium pages: the expected sequence of room and media events, and none lost or reordered while the
 * receiver is down for 10 s.
 */
class WebhooksIT {
    private static final String CALLBACK_KEY = "CallbackKey0123456789";
    private static final AtomicInteger ROOMS = new AtomicInteger(8000);
    private static CallbackReceiver receiver;
    private static ServerProcess server;
    private static PageServer pages;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = new CallbackReceiver(CALLBACK_KEY);
        server = startServer();
        pages = new PageServer(server.baseUrl());
    }

    private static ServerProcess startServer() throws Exception {
        // SIGTERM drains first (docs/PROTOCOL.md "Drain"): a short drain, then the close ends the calls.
        return ServerProcess.with().yaml("drainTimeoutSeconds: 1\napps:\n"
                + "  - sdkAppId: " + ServerProcess.SDK_APP_ID + "\n"
                + "    secretKeys: [" + ServerProcess.SECRET_KEY + "]\n"
                + "    callback:\n"
                + "      url: " + receiver.url() + "\n"
                + "      key: " + CALLBACK_KEY + "\n").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pages != null) {
            pages.close();
        }
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        for (Browser b : browsers) {
            try {
                b.close();
            } catch (Exception e) {
                System.err.println("closing a browser failed: " + e);
            }
        }
    }

    private Browser join(String userId, int roomId) {
        Browser b = new Browser();
        browsers.add(b);
        b.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + userId
                + "&userSig=" + ServerProcess.userSig(userId) + "&roomId=" + roomId);
        return b;
    }

    /**
     * alice opens the room and publishes, bob joins and publishes, alice turns her camera off (TRTC's "stop
     * video"), then alice and bob leave in turn.
     */
    private void twoPageCall(int room) {
        Browser alice = join("alice", room);
        awaitTrue("alice published", () -> Boolean.TRUE.equals(alice.js("return !!window.__local")));
        Browser bob = join("bob", room);
        awaitTrue("alice and bob receive each other", () -> alice.subscribedStreamIds().size() == 1
                && bob.subscribedStreamIds().size() == 1, Duration.ofSeconds(30));
        alice.js("window.__local.muteVideo()");
        awaitTrue("bob saw alice's video stop", () -> bob.hasEvent("mute-video", e -> "alice".equals(e.get("userId"))));
        alice.js("leaveRoom()");
        awaitTrue("bob saw alice leave", () -> bob.hasEvent("peer-leave", e -> "alice".equals(e.get("userId"))));
        bob.js("leaveRoom()");
    }

    @Test
    void aTwoPageCallSendsTrtcsCallbacksSignedAndInOrder() {
        int room = ROOMS.incrementAndGet();
        twoPageCall(room);
        awaitTrue("the room's dismiss event (102) arrived", () -> types(room).contains(102));
        assertTheCallsSequence(room);
    }

    @Test
    void eventsWaitWhileTheReceiverIsDownAndArriveInOrder() throws Exception {
        int room = ROOMS.incrementAndGet();
        receiver.stop();
        try {
            twoPageCall(room);
            // The acceptance's outage: the receiver stays down for 10 s while the server keeps retrying.
            Thread.sleep(10_000);
            assertThat(receiver.ofRoom(Integer.toString(room))).isEmpty();
        } finally {
            receiver.restart();
        }
        awaitTrue("the room's events arrived once the receiver was back", () -> types(room).contains(102),
                Duration.ofSeconds(30));
        assertTheCallsSequence(room);
        String metrics = server.get("/metrics").body();
        assertThat(PrometheusText.value(metrics, "parley_webhook_deliveries_total{result=\"failed_attempt\"}"))
                .isGreaterThan(0);
        assertThat(PrometheusText.value(metrics, "parley_webhook_deliveries_total{result=\"dropped\"}")).isZero();
    }

    @Test
    void aShutdownSendsTheExitsAndDismissalsItCauses() throws Exception {
        int room = ROOMS.incrementAndGet();
        ServerProcess own = startServer();
        try (SignalClient carol = SignalClient.connect(own.httpPort(), "carol")) {
            carol.ok("join", java.util.Map.of("sdkAppId", ServerProcess.SDK_APP_ID, "userId", "carol",
                    "userSig", ServerProcess.userSig("carol"), "roomId", room, "role", "anchor", "mode", "rtc",
                    "sdkVersion", "4.15.0-parley"));
            awaitTrue("carol's enter (103) arrived", () -> types(room).contains(103));
            own.close(); // SIGTERM: the server drains (1 s), closes every connection, then stops
        }
        awaitTrue("the exit (104) and dismiss (102) the shutdown caused arrived",
                () -> types(room).equals(List.of(101, 103, 104, 102)));
        List<CallbackReceiver.Received> events = receiver.ofRoom(Integer.toString(room));
        assertThat(events).allMatch(CallbackReceiver.Received::signatureOk);
        assertThat(events.get(2).info().path("Reason").asInt()).as("connection lost").isEqualTo(2);
    }

    /**
     * Every request signed right, for this app; then, per TRTC's numbering: create (101) by alice, enter (103)
     * alice, her audio and video start (203, 201), enter bob and his starts, alice's video stop (202), exit
     * (104) alice then bob, dismiss (102) — each user's events in that order, nothing twice, nothing missing.
     */
    private void assertTheCallsSequence(int room) {
        List<CallbackReceiver.Received> events = receiver.ofRoom(Integer.toString(room));
        String seen = events.stream().map(e -> e.type() + ":" + e.userId()).toList().toString();
        assertThat(events).as(seen).allMatch(CallbackReceiver.Received::signatureOk)
                .allMatch(e -> Long.toString(ServerProcess.SDK_APP_ID).equals(e.sdkAppIdHeader()))
                .allMatch(e -> e.info().path("RoomId").isIntegralNumber())
                .allMatch(e -> e.info().path("EventTs").isIntegralNumber());
        assertThat(events).as(seen).allMatch(e -> e.group() == (e.type() < 200 ? 1 : 2));
        assertThat(events.stream().mapToLong(e -> e.info().path("UniqueId").asLong()))
                .as("UniqueIds rise: no event reordered or repeated, %s", seen).isSorted().doesNotHaveDuplicates();
        assertThat(perUser(events, "alice")).as(seen).containsExactly("101", "103", "203", "201", "202", "104");
        assertThat(perUser(events, "bob")).as(seen).containsExactly("103", "203", "201", "104");
        assertThat(events.get(events.size() - 1).type()).as(seen).isEqualTo(102);
        assertThat(events.stream().filter(e -> e.type() == 102)).as(seen).hasSize(1);
        // alice left before bob; both left normally (Reason 1) as anchors (Role 20).
        List<CallbackReceiver.Received> exits = events.stream().filter(e -> e.type() == 104).toList();
        assertThat(exits).extracting(CallbackReceiver.Received::userId).containsExactly("alice", "bob");
        assertThat(exits).allMatch(e -> e.info().path("Reason").asInt() == 1 && e.info().path("Role").asInt() == 20);
    }

    private static List<String> perUser(List<CallbackReceiver.Received> events, String userId) {
        return events.stream().filter(e -> userId.equals(e.userId())).map(e -> Integer.toString(e.type())).toList();
    }

    private static List<Integer> types(int room) {
        return receiver.ofRoom(Integer.toString(room)).stream().map(CallbackReceiver.Received::type).toList();
    }

    private void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, condition, Duration.ofSeconds(20));
    }

    private void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        Poll.until(what, timeout, condition, () -> "\n--- server log (tail) ---\n" + Poll.tail(server.log(), 60));
    }
}
