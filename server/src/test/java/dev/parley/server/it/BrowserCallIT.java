package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The mission: the seed pages (TRTC Web SDK v4 code, verbatim) in Debian's headless Chromium with fake
 * devices, through the real server jar. Each test asserts what a user would see: decoded frames that
 * advance, audio that is not silent, and the events the seed documents.
 */
class BrowserCallIT extends ServerPagesFixture {
    private static final AtomicInteger ROOMS = new AtomicInteger(1000);

    private Browser join(String page, String userId, int roomId) {
        Browser b = new Browser();
        browsers.add(b);
        b.open(pages.url(page) + "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + userId
                + "&userSig=" + ServerProcess.userSig(userId) + "&roomId=" + roomId);
        return b;
    }

    @Test
    void seedPagesSeeAndHearEachOther() {
        int room = ROOMS.incrementAndGet();
        Browser alice = join("seed-videocall.html", "alice", room);
        Browser bob = join("seed-rtc.html", "bob", room);
        assertReceivesLiveMedia(alice, 1);
        assertReceivesLiveMedia(bob, 1);
    }

    @Test
    void threeParticipantsEachReceiveTheOtherTwo() {
        int room = ROOMS.incrementAndGet();
        Browser a = join("seed-videocall.html", "u1", room);
        Browser b = join("seed-rtc.html", "u2", room);
        Browser c = join("seed-videocall.html", "u3", room);
        for (Browser x : List.of(a, b, c)) {
            assertReceivesLiveMedia(x, 2);
        }
    }

    @Test
    void leaveTellsTheOthers() {
        int room = ROOMS.incrementAndGet();
        Browser alice = join("seed-videocall.html", "alice", room);
        Browser bob = join("seed-videocall.html", "bob", room);
        awaitTrue("bob subscribed to alice", () -> bob.subscribedStreamIds().size() == 1);
        alice.js("leaveRoom()");
        awaitTrue("bob got stream-removed and peer-leave for alice",
                () -> bob.hasEvent("stream-removed", e -> "alice".equals(e.get("userId")))
                        && bob.hasEvent("peer-leave", e -> "alice".equals(e.get("userId"))));
    }

    @Test
    void muteVideoTellsTheOthers() {
        int room = ROOMS.incrementAndGet();
        Browser alice = join("seed-videocall.html", "alice", room);
        Browser bob = join("seed-rtc.html", "bob", room);
        awaitTrue("bob subscribed to alice", () -> bob.subscribedStreamIds().size() == 1);
        awaitTrue("alice published", () -> Boolean.TRUE.equals(alice.js("return !!window.__local")));
        alice.js("window.__local.muteVideo()");
        awaitTrue("bob got mute-video from alice",
                () -> bob.hasEvent("mute-video", e -> "alice".equals(e.get("userId"))));
        alice.js("window.__local.unmuteVideo()");
        awaitTrue("bob got unmute-video from alice",
                () -> bob.hasEvent("unmute-video", e -> "alice".equals(e.get("userId"))));
    }

    @Test
    void badUserSigIsRefusedWithTheReason() {
        Browser b = new Browser();
        browsers.add(b);
        b.open(pages.url("seed-videocall.html") + "?sdkAppId=1&userId=probe&userSig=x&roomId=1");
        String goodForSomeoneElse = ServerProcess.userSig("mallory");
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) b.jsAsync(
                "const done = arguments[arguments.length - 1];"
                        + "const c = TRTC.createClient({mode: 'rtc', sdkAppId: arguments[0], userId: 'eve',"
                        + " userSig: arguments[1]});"
                        + "c.join({roomId: 42}).then(() => done({ok: true}),"
                        + " e => done({code: e.getCode(), message: e.message}));",
                ServerProcess.SDK_APP_ID, goodForSomeoneElse);
        assertThat(r.get("code")).as("join error: %s", r).isEqualTo(0x4004L);
        assertThat((String) r.get("message")).contains("mallory").contains("eve");
    }

    @Test
    void closingThePageWithoutLeaveTellsTheOthers() {
        int room = ROOMS.incrementAndGet();
        Browser alice = join("seed-videocall.html", "alice", room);
        Browser bob = join("seed-rtc.html", "bob", room);
        awaitTrue("bob subscribed to alice", () -> bob.subscribedStreamIds().size() == 1);
        alice.close();
        awaitTrue("bob got peer-leave for alice",
                () -> bob.hasEvent("peer-leave", e -> "alice".equals(e.get("userId"))), Duration.ofSeconds(12));
        assertThat(bob.hasEvent("stream-removed", e -> "alice".equals(e.get("userId")))).isTrue();
        bob.close();
        // Nothing of either user may be left behind: rooms, transports and media sessions all go back to 0.
        awaitTrue("the server released every room, transport and media session",
                () -> server.health().matches(".*\"rooms\":0,\"transports\":0,\"mediaSessions\":0.*"),
                Duration.ofSeconds(15));
    }

    /** Every one of {@code expected} remote streams decodes advancing frames and carries non-silent audio. */
    private void assertReceivesLiveMedia(Browser b, int expected) {
        awaitTrue(expected + " remote stream(s) subscribed", () -> b.subscribedStreamIds().size() == expected,
                Duration.ofSeconds(30));
        for (String id : b.subscribedStreamIds()) {
            awaitTrue("frames of " + id + " decoded", () -> {
                Map<String, Object> m = b.measure(id, 300);
                return ((Number) m.get("framesAfter")).longValue() > 0;
            }, Duration.ofSeconds(20));
            Map<String, Object> m = b.measure(id, 3000);
            System.out.println("measured " + id + ": " + m);
            assertThat(m).as("media of %s", id).doesNotContainKey("error");
            assertThat(((Number) m.get("framesAfter")).longValue())
                    .as("video frames of %s advance: %s", id, m)
                    .isGreaterThan(((Number) m.get("framesBefore")).longValue() + 5);
            assertThat(((Number) m.get("width")).longValue()).as("video width of %s", id).isGreaterThan(0);
            // Not silent: a track that carries no audio measures exactly 0; the fake microphone's beep
            // reads about 0.4 (Firefox's steady tone about 0.07), lower when a loaded machine glitches.
            double peak = ((Number) m.get("audioMax")).doubleValue();
            for (int retry = 0; retry < 2 && peak <= 0.005; retry++) {
                peak = Math.max(peak, ((Number) b.measure(id, 3000).get("audioMax")).doubleValue());
            }
            assertThat(peak).as("audio peak of %s: %s", id, m).isGreaterThan(0.005);
        }
    }

    private void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, condition, Duration.ofSeconds(20));
    }

    private void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        Poll.until(what, timeout, condition, () -> "\n--- server log (tail) ---\n" + Poll.tail(server.log(), 60));
    }
}
