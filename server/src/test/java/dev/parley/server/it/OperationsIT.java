package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.usersig.UserSig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operations against the real server jar with Chromium pages: {@code /metrics} checked by promtool and
 * following a call, and the admin API removing users and dismissing rooms as a customer's backend would.
 */
class OperationsIT extends ServerPagesFixture {
    private static final AtomicInteger ROOMS = new AtomicInteger(7000);

    private AdminClient admin() {
        return new AdminClient(server.httpPort());
    }

    private Browser join(String userId, int roomId) {
        Browser b = new Browser();
        browsers.add(b);
        b.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + userId
                + "&userSig=" + ServerProcess.userSig(userId) + "&roomId=" + roomId);
        return b;
    }

    /** Two pages in a room, each receiving the other's stream. */
    private List<Browser> call(int room) {
        Browser alice = join("alice", room);
        Browser bob = join("bob", room);
        awaitTrue("alice and bob receive each other", () -> alice.subscribedStreamIds().size() == 1
                && bob.subscribedStreamIds().size() == 1, Duration.ofSeconds(30));
        return List.of(alice, bob);
    }

    @BeforeEach
    void previousTestsRoomsAreGone() {
        awaitTrue("no room is left from a previous test", () -> metric("parley_rooms") == 0, Duration.ofSeconds(20));
    }

    private String scrape() {
        try {
            var res = server.get("/metrics");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            return res.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("GET /metrics failed", e);
        }
    }

    private double metric(String series) {
        return PrometheusText.value(scrape(), series);
    }

    @Test
    void theAlertingRulesInTheDocsPassPromtoolAndNameOnlyMetricsTheServerExposes() throws Exception {
        java.nio.file.Path rules = java.nio.file.Path.of("..", "docs", "prometheus-alerts.yml");
        Process check = new ProcessBuilder(PrometheusText.PROMTOOL, "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("promtool check rules: %s", out).isZero();
        String text = java.nio.file.Files.readString(rules);
        String scrape = scrape();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("parley_[a-z_]+").matcher(text);
        int named = 0;
        while (m.find()) {
            named++;
            assertThat(scrape).as("a series of %s in /metrics", m.group())
                    .containsPattern("(?m)^" + m.group() + "[{ ]");
        }
        assertThat(named).isGreaterThanOrEqualTo(6);
    }

    @Test
    void metricsPassPromtoolAndFollowACallBackToZero() throws Exception {
        String idle = scrape();
        assertThat(PrometheusText.promtoolProblems(idle)).isEmpty();
        for (String gauge : List.of("parley_rooms", "parley_participants", "parley_publishers",
                "parley_publications", "parley_subscriptions")) {
            assertThat(PrometheusText.value(idle, gauge)).as(gauge).isEqualTo(0);
        }
        // A server that keeps up loses nothing in its sockets' receive buffers (Linux counts it in /proc).
        assertThat(PrometheusText.value(idle, "parley_media_dropped_datagrams_total{reason=\"receive_buffer_full\"}"))
                .isEqualTo(0);
        List<Browser> call = call(ROOMS.incrementAndGet());
        String during = scrape();
        assertThat(PrometheusText.promtoolProblems(during)).isEmpty();
        assertThat(PrometheusText.value(during, "parley_rooms")).isEqualTo(1);
        assertThat(PrometheusText.value(during, "parley_participants")).isEqualTo(2);
        assertThat(PrometheusText.value(during, "parley_publishers")).isEqualTo(2);
        assertThat(PrometheusText.value(during, "parley_publications")).isEqualTo(2);
        assertThat(PrometheusText.value(during, "parley_subscriptions")).isEqualTo(2);
        assertThat(PrometheusText.value(during, "parley_transports")).isEqualTo(4);
        assertThat(PrometheusText.value(during, "parley_transports_by_state{state=\"connected\"}")
                + PrometheusText.value(during, "parley_transports_by_state{state=\"connecting\"}")).isEqualTo(4);
        assertThat(PrometheusText.value(during, "parley_signal_requests_total{result=\"ok\",type=\"join\"}"))
                .isGreaterThanOrEqualTo(2);
        // Media flows both ways while the call runs: each counter moves between two scrapes.
        double in = PrometheusText.value(during, "parley_media_received_datagrams_total");
        double out = PrometheusText.value(during, "parley_media_sent_datagrams_total");
        double bytesOut = PrometheusText.value(during, "parley_media_sent_bytes_total");
        awaitTrue("packets in and out rise", () -> {
            String later = scrape();
            return PrometheusText.value(later, "parley_media_received_datagrams_total") > in + 100
                    && PrometheusText.value(later, "parley_media_sent_datagrams_total") > out + 100
                    && PrometheusText.value(later, "parley_media_sent_bytes_total") > bytesOut + 100_000;
        }, Duration.ofSeconds(20));

        String mediaPlane = scrape();
        System.out.println("metrics during the call:\n" + mediaPlane.lines().filter(l -> l.startsWith("parley_"))
                .collect(java.util.stream.Collectors.joining("\n")));
        assertThat(PrometheusText.value(mediaPlane, "parley_uplink_keyframes_total")).isGreaterThan(0);
        assertThat(PrometheusText.value(mediaPlane, "parley_uplink_plis_total")).isGreaterThan(0);

        for (Browser b : call) {
            b.js("leaveRoom()");
        }
        awaitTrue("every gauge is back to 0 after leave", () -> {
            String after = scrape();
            return List.of("parley_rooms", "parley_participants", "parley_publishers", "parley_publications",
                    "parley_subscriptions", "parley_transports", "parley_media_sessions",
                    "parley_transports_by_state{state=\"connected\"}",
                    "parley_transports_by_state{state=\"connecting\"}").stream()
                    .allMatch(g -> PrometheusText.value(after, g) == 0);
        }, Duration.ofSeconds(20));
    }

    @Test
    void wrongMissingOrExpiredAdminCredentialsAreRefused() throws Exception {
        Map<String, Object> body = Map.of("SdkAppId", ServerProcess.SDK_APP_ID);
        AdminClient.Answer none = admin().call("DescribeRooms", body, (String) null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("AuthFailure.InvalidAuthorization");

        String wrongKey = UserSig.generate(ServerProcess.SDK_APP_ID, "not-the-key", "administrator", 300);
        AdminClient.Answer wrong = admin().call("DescribeRooms", body, "UserSig " + wrongKey);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("AuthFailure.SignatureFailure");

        // A user's own UserSig is not an admin credential.
        AdminClient.Answer user = admin().call("DescribeRooms", body, "UserSig " + ServerProcess.userSig("alice"));
        assertThat(user.status()).isEqualTo(401);
        assertThat(user.errorCode()).isEqualTo("AuthFailure.SignatureFailure");

        // Issued two hours ago for a minute: expired beyond the verifier's clock-skew allowance.
        String expired = UserSig.generate(ServerProcess.SDK_APP_ID, ServerProcess.SECRET_KEY, "administrator", 60,
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-2)));
        AdminClient.Answer old = admin().call("DescribeRooms", body, "UserSig " + expired);
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.errorCode()).isEqualTo("AuthFailure.SignatureExpire");

        // Another app's request with this app's admin sig.
        AdminClient.Answer otherApp = admin().call("DescribeRooms", Map.of("SdkAppId", 1_400_000_002L));
        assertThat(otherApp.status()).isEqualTo(401);

        AdminClient.Answer good = admin().call("DescribeRooms", body);
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.response().path("RequestId").asText()).isNotEmpty();
    }

    @Test
    void badRequestsGetTypedErrors() throws Exception {
        String sig = "UserSig " + AdminClient.adminSig();
        assertThat(admin().call("RemoveUser", "{not json", sig).errorCode()).isEqualTo("InvalidParameter");
        AdminClient.Answer missing = admin().call("RemoveUser", Map.of("SdkAppId", ServerProcess.SDK_APP_ID,
                "RoomId", 5));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("MissingParameter");
        assertThat(missing.response().path("Error").path("Message").asText()).contains("UserIds");
        AdminClient.Answer strAsNum = admin().call("RemoveUser", Map.of("SdkAppId", ServerProcess.SDK_APP_ID,
                "RoomId", "abc", "UserIds", List.of("x")));
        assertThat(strAsNum.errorCode()).isEqualTo("InvalidParameter");
        assertThat(strAsNum.response().path("Error").path("Message").asText()).contains("ByStrRoomId");
        AdminClient.Answer noRoom = admin().call("DismissRoom", Map.of("SdkAppId", ServerProcess.SDK_APP_ID,
                "RoomId", 424242));
        assertThat(noRoom.status()).isEqualTo(404);
        assertThat(noRoom.errorCode()).isEqualTo("FailedOperation.RoomNotExist");
        assertThat(admin().call("NoSuchAction", Map.of("SdkAppId", ServerProcess.SDK_APP_ID)).errorCode())
                .isEqualTo("InvalidAction");
    }

    @Test
    void describeRoomListsExactlyItsUsersAndStreams() throws Exception {
        int room = ROOMS.incrementAndGet();
        call(room);
        AdminClient.Answer a = admin().call("DescribeRoom", Map.of("SdkAppId", ServerProcess.SDK_APP_ID,
                "RoomId", room));
        assertThat(a.status()).as("%s", a.response()).isEqualTo(200);
        JsonNode r = a.response();
        assertThat(r.path("RoomId").asLong()).isEqualTo(room);
        assertThat(userIds(r.path("Users"), "UserId")).containsExactlyInAnyOrder("alice", "bob");
        assertThat(userIds(r.path("Streams"), "UserId")).containsExactlyInAnyOrder("alice", "bob");
        for (JsonNode s : r.path("Streams")) {
            assertThat(s.path("StreamType").asText()).isEqualTo("main");
            assertThat(s.path("HasAudio").asBoolean()).isTrue();
            assertThat(s.path("HasVideo").asBoolean()).isTrue();
        }
        for (JsonNode u : r.path("Users")) {
            assertThat(u.path("Role").asInt()).isEqualTo(20);
        }
        AdminClient.Answer list = admin().call("DescribeRooms", Map.of("SdkAppId", ServerProcess.SDK_APP_ID));
        assertThat(list.response().path("Total").asInt()).isEqualTo(1);
        assertThat(list.response().path("RoomList").get(0).path("RoomId").asLong()).isEqualTo(room);
        assertThat(list.response().path("RoomList").get(0).path("UserCount").asInt()).isEqualTo(2);
    }

    @Test
    void removeUserBansThePageWithKickAndItLeaves() throws Exception {
        int room = ROOMS.incrementAndGet();
        List<Browser> call = call(room);
        Browser alice = call.get(0);
        Browser bob = call.get(1);
        AdminClient.Answer a = admin().call("RemoveUser", Map.of("SdkAppId", ServerProcess.SDK_APP_ID,
                "RoomId", room, "UserIds", List.of("alice", "nobody")));
        assertThat(a.status()).as("%s", a.response()).isEqualTo(200);
        assertThat(userIds(a.response().path("RemovedUserIds"), null)).containsExactly("alice");

        awaitTrue("alice's page got client-banned with reason kick",
                () -> alice.hasEvent("client-banned", e -> "kick".equals(e.get("reason"))));
        awaitTrue("alice's client is disconnected", () -> alice.hasEvent("connection-state-changed",
                e -> "DISCONNECTED".equals(e.get("state"))));
        assertThat(closeCodes(alice)).contains(4002L);
        awaitTrue("bob saw alice leave", () -> bob.hasEvent("peer-leave", e -> "alice".equals(e.get("userId")))
                && bob.hasEvent("stream-removed", e -> "alice".equals(e.get("userId"))));
        assertThat(bob.hasEvent("client-banned", e -> true)).isFalse();

        JsonNode r = admin().call("DescribeRoom", Map.of("SdkAppId", ServerProcess.SDK_APP_ID, "RoomId", room))
                .response();
        assertThat(userIds(r.path("Users"), "UserId")).containsExactly("bob");
        assertThat(userIds(r.path("Streams"), "UserId")).containsExactly("bob");
    }

    @Test
    void dismissRoomMakesEveryPageLeaveWithRoomDisband() throws Exception {
        int room = ROOMS.incrementAndGet();
        List<Browser> call = call(room);
        AdminClient.Answer a = admin().call("DismissRoom", Map.of("SdkAppId", ServerProcess.SDK_APP_ID,
                "RoomId", room));
        assertThat(a.status()).as("%s", a.response()).isEqualTo(200);
        assertThat(userIds(a.response().path("RemovedUserIds"), null)).containsExactlyInAnyOrder("alice", "bob");
        for (Browser b : call) {
            awaitTrue("the page got client-banned with reason room-disband",
                    () -> b.hasEvent("client-banned", e -> "room-disband".equals(e.get("reason"))));
            awaitTrue("the client is disconnected", () -> b.hasEvent("connection-state-changed",
                    e -> "DISCONNECTED".equals(e.get("state"))));
            assertThat(closeCodes(b)).contains(4003L);
        }
        AdminClient.Answer gone = admin().call("DescribeRoom", Map.of("SdkAppId", ServerProcess.SDK_APP_ID,
                "RoomId", room));
        assertThat(gone.errorCode()).isEqualTo("FailedOperation.RoomNotExist");
        awaitTrue("the server released everything", () -> metric("parley_transports") == 0
                && metric("parley_participants") == 0, Duration.ofSeconds(15));
    }

    @Test
    void theStringRoomActionsReachStringRoomsOnly() throws Exception {
        try (SignalClient carol = SignalClient.connect(server.httpPort(), "carol");
             SignalClient dave = SignalClient.connect(server.httpPort(), "dave")) {
            carol.ok("join", signalJoin("carol", "ops-room"));
            dave.ok("join", signalJoin("dave", "ops-room"));
            // The numeric action does not reach a string room: "ops-room" is not a number.
            assertThat(admin().call("RemoveUser", Map.of("SdkAppId", ServerProcess.SDK_APP_ID, "RoomId", "ops-room",
                    "UserIds", List.of("carol"))).errorCode()).isEqualTo("InvalidParameter");

            AdminClient.Answer removed = admin().call("RemoveUserByStrRoomId", Map.of("SdkAppId",
                    ServerProcess.SDK_APP_ID, "RoomId", "ops-room", "UserIds", List.of("carol")));
            assertThat(removed.status()).as("%s", removed.response()).isEqualTo(200);
            assertThat(carol.awaitEvent("client-banned").path("reason").asText()).isEqualTo("kick");
            assertThat(carol.awaitClosed(Duration.ofSeconds(5))).isEqualTo(4002);

            AdminClient.Answer dismissed = admin().call("DismissRoomByStrRoomId", Map.of("SdkAppId",
                    ServerProcess.SDK_APP_ID, "RoomId", "ops-room"));
            assertThat(userIds(dismissed.response().path("RemovedUserIds"), null)).containsExactly("dave");
            assertThat(dave.awaitEvent("client-banned").path("reason").asText())
                    .isEqualTo("room-disband");
            assertThat(dave.awaitClosed(Duration.ofSeconds(5))).isEqualTo(4003);
        }
    }

    private static Map<String, Object> signalJoin(String userId, Object roomId) {
        return Map.of("sdkAppId", ServerProcess.SDK_APP_ID, "userId", userId, "userSig",
                ServerProcess.userSig(userId), "roomId", roomId, "role", "anchor", "mode", "rtc",
                "sdkVersion", "4.15.0-parley");
    }

    private static List<String> userIds(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> closeCodes(Browser b) {
        List<Map<String, Object>> closes = (List<Map<String, Object>>) b.js("return window.__wsCloses || []");
        return closes.stream().map(c -> ((Number) c.get("code")).longValue()).toList();
    }

    private void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, condition, Duration.ofSeconds(20));
    }

    private void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        Poll.until(what, timeout, condition, () -> "\n--- metrics ---\n" + scrape().lines()
                .filter(l -> l.startsWith("parley_")).collect(java.util.stream.Collectors.joining("\n"))
                + "\n--- server log (tail) ---\n" + Poll.tail(server.log(), 60));
    }
}
