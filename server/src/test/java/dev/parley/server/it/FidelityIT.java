package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's observable effects in Debian's headless Chromium through the real server jar, driven through
 * {@code fidelity.html}'s steps: v4's way to add video to an audio call (addTrack on a published stream:
 * the subscriber decodes the new video, then loses it again on removeTrack), and live mode's invisible
 * audience (no peer-join/peer-leave for it until it switches to anchor).
 */
class FidelityIT extends ServerPagesFixture {
    private static final AtomicInteger ROOMS = new AtomicInteger(11_000);

    private Browser open(String userId, int room) {
        return open(userId, room, "");
    }

    private Browser open(String userId, int room, String extraQuery) {
        Browser b = new Browser();
        browsers.add(b);
        b.open(pages.url("fidelity.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + userId
                + "&userSig=" + ServerProcess.userSig(userId) + "&roomId=" + room + extraQuery);
        return b;
    }

    @Test
    void addTrackMidCallMakesVideoAppearOnTheSubscriberAndRemoveTrackTakesItAway() {
        int room = ROOMS.incrementAndGet();
        Browser alice = open("alice", room);
        Browser bob = open("bob", room);
        PageSteps.run(alice, "join", "rtc", "", false);
        PageSteps.run(bob, "join", "rtc", "", false);
        PageSteps.run(alice, "publish", true, false);
        awaitTrue("bob subscribed to alice's audio-only stream", () -> hasEvent(bob, "stream-subscribed", "alice"));
        assertThat(PageSteps.run(bob, "remoteHasVideo", "alice")).isEqualTo(false);

        assertThat(PageSteps.run(alice, "addCamera")).isEqualTo(true);
        awaitTrue("bob got stream-updated with video", () -> events(bob).stream()
                .anyMatch(e -> "stream-updated".equals(e.get("name")) && Boolean.TRUE.equals(e.get("hasVideo"))));
        awaitTrue("bob decodes alice's new video", () -> framesDecoded(bob, "alice") > 10, Duration.ofSeconds(30));
        long before = framesDecoded(bob, "alice");
        awaitTrue("…and it keeps coming", () -> framesDecoded(bob, "alice") > before + 10);

        assertThat(PageSteps.run(alice, "removeCamera")).isEqualTo(false);
        awaitTrue("bob got stream-updated without video and lost the track", () -> events(bob).stream()
                .anyMatch(e -> "stream-updated".equals(e.get("name")) && Boolean.FALSE.equals(e.get("hasVideo")))
                && Boolean.FALSE.equals(PageSteps.run(bob, "remoteHasVideo", "alice")));
        assertThat(events(bob)).noneMatch(e -> "stream-removed".equals(e.get("name")) || "error".equals(e.get("name")));
    }

    @Test
    void liveModeAudienceIsInvisibleUntilItBecomesAnAnchor() {
        int room = ROOMS.incrementAndGet();
        Browser anchor = open("anchor", room);
        Browser viewer = open("viewer", room);
        PageSteps.run(anchor, "join", "live", "anchor", false);
        PageSteps.run(anchor, "publish", true, true);
        PageSteps.run(viewer, "join", "live", "audience", false);
        awaitTrue("the audience decodes the anchor", () -> framesDecoded(viewer, "anchor") > 10, Duration.ofSeconds(30));
        assertThat(PageSteps.run(viewer, "peers")).isEqualTo(List.of("peer-join:anchor"));
        @SuppressWarnings("unchecked")
        Map<String, Object> refused = (Map<String, Object>) PageSteps.run(viewer, "publishError");
        assertThat(((Number) refused.get("code")).intValue()).isEqualTo(0x1001);
        assertThat(PageSteps.run(anchor, "peers")).as("the anchor never heard of the audience").isEqualTo(List.of());

        assertThat(PageSteps.run(viewer, "switchRole", "anchor")).isEqualTo("ok");
        awaitTrue("the anchor sees the new anchor", () -> List.of("peer-join:viewer").equals(PageSteps.run(anchor, "peers")));
        assertThat(PageSteps.run(viewer, "switchRole", "audience")).isEqualTo("ok");
        awaitTrue("…and sees it go back to the audience",
                () -> List.of("peer-join:viewer", "peer-leave:viewer").equals(PageSteps.run(anchor, "peers")));
        PageSteps.run(viewer, "leave");
    }

    @Test
    void seiBytesSentArriveIntactOnTheOtherSide() {
        seiCall("");
    }

    /** The same through createEncodedStreams (Chromium before RTCRtpScriptTransform). */
    @Test
    void seiWorksThroughCreateEncodedStreamsToo() {
        seiCall("&transform=streams");
    }

    private void seiCall(String query) {
        int room = ROOMS.incrementAndGet();
        Browser alice = open("alice", room, query);
        Browser bob = open("bob", room, query);
        PageSteps.run(alice, "join", "rtc", "", true);
        PageSteps.run(bob, "join", "rtc", "", true);
        PageSteps.run(alice, "publish", true, true);
        awaitTrue("bob decodes alice's H.264 video", () -> framesDecoded(bob, "alice") > 10, Duration.ofSeconds(30));
        assertThat((String) PageSteps.run(alice, "sentVideoCodec")).isEqualToIgnoringCase("video/H264");
        // Bytes a naive inserter would break: start codes, emulation-prevention triggers, trailing bits.
        List<Integer> bytes = List.of(0, 0, 1, 0, 0, 0, 0, 0, 3, 0x80, 0xff, 42, 0, 0);
        assertThat(PageSteps.run(alice, "sendSEI", bytes, 243)).isEqualTo("ok");
        awaitTrue("bob got the message", () -> !seiReceived(bob).isEmpty(), Duration.ofSeconds(10));
        assertThat(PageSteps.run(alice, "sendSEI", List.of(1, 2, 3), 5)).isEqualTo("ok");
        awaitTrue("bob got the second message", () -> seiReceived(bob).size() >= 2, Duration.ofSeconds(10));

        List<Map<String, Object>> got = seiReceived(bob);
        assertThat(got.get(0)).containsEntry("userId", "alice").containsEntry("seiPayloadType", 243L);
        assertThat(got.get(0).get("bytes")).asList().map(o -> ((Number) o).intValue()).isEqualTo(bytes);
        assertThat(got.get(1)).containsEntry("seiPayloadType", 5L);
        assertThat(got.get(1).get("bytes")).asList().map(o -> ((Number) o).intValue()).isEqualTo(List.of(1, 2, 3));
        long before = framesDecoded(bob, "alice");
        awaitTrue("the video goes on decoding", () -> framesDecoded(bob, "alice") > before + 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> tooBig = (Map<String, Object>) PageSteps.run(alice, "sendSEI", java.util.Collections.nCopies(1001, 1), 243);
        assertThat(((Number) tooBig.get("code")).intValue()).isEqualTo(0x1000);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> seiReceived(Browser b) {
        return (List<Map<String, Object>>) PageSteps.run(b, "seiReceived");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Browser b) {
        return (List<Map<String, Object>>) PageSteps.run(b, "eventsSeen");
    }

    private static boolean hasEvent(Browser b, String name, String userId) {
        return events(b).stream().anyMatch(e -> name.equals(e.get("name")) && userId.equals(e.get("userId")));
    }

    @SuppressWarnings("unchecked")
    private static long framesDecoded(Browser b, String userId) {
        Map<String, Object> v = (Map<String, Object>) PageSteps.run(b, "remoteVideo", userId);
        return ((Number) v.get("framesDecoded")).longValue();
    }

    private void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, condition, Duration.ofSeconds(20));
    }

    private void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        Poll.until(what, timeout, condition, () -> "\n--- server log (tail) ---\n" + Poll.tail(server.log(), 60));
    }
}
