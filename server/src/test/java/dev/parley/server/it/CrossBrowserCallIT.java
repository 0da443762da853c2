package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A call between two independent WebRTC stacks — Debian's Firefox ESR and Chromium — through the real
 * server jar, each running a TRTC seed page verbatim. What one browser's habits hide (its SDP, extension
 * ids, payload types, RTX, RTCP, DTLS role) the other exposes. Each side must decode advancing video from
 * the other and hear non-silent audio.
 */
class CrossBrowserCallIT extends ServerPagesFixture {
    private static final AtomicInteger ROOMS = new AtomicInteger(2000);
    private final List<Side> sides = new ArrayList<>();

    /** One participant as the assertions see it, whichever browser runs it. */
    private interface Side {
        String name();

        /** Runs a function body in the page (synchronous code only) and returns its value. */
        Object js(String body);

        /** The streams subscribed to and not removed since. */
        @SuppressWarnings("unchecked")
        default List<String> subscribedStreamIds() {
            return (List<String>) js("const gone = new Set((window.__events || [])"
                    + ".filter((e) => e.name === 'stream-removed').map((e) => e.streamId));"
                    + "return Object.keys(window.__remote || {}).filter((id) => !gone.has(id));");
        }

        Map<String, Object> measure(String streamId, int ms);

        /** What to print when this side fails: its page's log, the browser's output. */
        String diagnostics();
    }


    private static String query(String userId, int roomId) {
        return "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + userId + "&userSig="
                + ServerProcess.userSig(userId) + "&roomId=" + roomId;
    }

    private Side firefox(String page, String userId, int roomId) throws Exception {
        Firefox f = new Firefox(server.baseUrl(), page + query(userId, roomId));
        browsers.add(f);
        Side s = new Side() {
            @Override
            public String name() {
                return "Firefox " + userId;
            }

            @Override
            public Object js(String body) {
                return f.js(body);
            }

            @Override
            public Map<String, Object> measure(String streamId, int ms) {
                return f.measure(streamId, ms);
            }

            @Override
            public String diagnostics() {
                return "--- " + name() + ": page log ---\n" + Poll.tail(f.pageLog(), 80)
                        + "\n--- " + name() + ": WebRTC ---\n" + f.webrtcState()
                        + "\n--- " + name() + ": process output (tail) ---\n" + Poll.tail(f.processOutput(), 30);
            }
        };
        sides.add(s);
        return s;
    }

    private Side chromium(String page, String userId, int roomId) {
        Browser b = new Browser();
        browsers.add(b);
        b.open(pages.url(page) + query(userId, roomId));
        Side s = new Side() {
            @Override
            public String name() {
                return "Chromium " + userId;
            }

            @Override
            public Object js(String body) {
                return b.js(body);
            }

            @Override
            public Map<String, Object> measure(String streamId, int ms) {
                return b.measure(streamId, ms);
            }

            @Override
            public String diagnostics() {
                return "--- " + name() + ": events ---\n" + b.events();
            }
        };
        sides.add(s);
        return s;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFirefoxPublisherWithTheSmallStreamGivesAChromiumViewerBothLayers() throws Exception {
        // Firefox's simulcast offer differs from Chrome's (rid extensions marked sendonly, its own ids).
        int room = ROOMS.incrementAndGet();
        Firefox fox = new Firefox(server.baseUrl(), "simulcast.html" + query("fox", room));
        browsers.add(fox);
        Browser viewer = new Browser();
        browsers.add(viewer);
        viewer.open(pages.url("simulcast.html") + query("chrome", room));
        fox.js(Duration.ofSeconds(20), "await q.join(); return null;");
        PageSteps.run(viewer, "join");
        fox.js(Duration.ofSeconds(30), "await q.publishCamera(true); return null;");
        java.util.function.LongSupplier width = () -> ((Number) ((Map<String, Object>) PageSteps.run(viewer,
                "videoIn")).get("frameWidth")).longValue();
        java.util.function.Supplier<String> context = () -> "viewer " + PageSteps.run(viewer, "videoIn")
                + ", publisher " + fox.js("return await q.videoOut();");

        Poll.until("the viewer decodes Firefox's big layer", Duration.ofSeconds(40), () -> width.getAsLong() > 160,
                context);
        assertThat(PageSteps.run(viewer, "hasSmall")).isEqualTo(true);
        PageSteps.run(viewer, "setRemoteType", "small");
        Poll.until("the viewer decodes Firefox's small layer", Duration.ofSeconds(15),
                () -> width.getAsLong() > 0 && width.getAsLong() <= 160, context);
        PageSteps.run(viewer, "setRemoteType", "big");
        Poll.until("the viewer decodes Firefox's big layer again", Duration.ofSeconds(15),
                () -> width.getAsLong() > 160, context);
    }

    @Test
    void firefoxAndChromiumSeeAndHearEachOther() throws Exception {
        int room = ROOMS.incrementAndGet();
        Side fox = firefox("seed-videocall.html", "fox", room);
        Side chrome = chromium("seed-rtc.html", "chrome", room);
        assertReceivesLiveMedia(fox, 1);
        assertReceivesLiveMedia(chrome, 1);
    }

    /** Chromium gets a Firefox and a Chromium stream in one BUNDLE, each rewritten to the downlink's payload types. */
    @Test
    void threePartiesWithFirefoxEachReceiveTheOtherTwo() throws Exception {
        int room = ROOMS.incrementAndGet();
        Side fox = firefox("seed-videocall.html", "fox", room);
        Side c1 = chromium("seed-rtc.html", "chrome1", room);
        Side c2 = chromium("seed-videocall.html", "chrome2", room);
        for (Side s : List.of(fox, c1, c2)) {
            assertReceivesLiveMedia(s, 2);
        }
    }

    /**
     * The server never rejects a downlink section: when a stream goes it stops forwarding into that
     * stream's sections, and the next subscription reuses them in a subsequent offer, with a new SSRC and
     * msid (RFC 9429 §5.2.2). Firefox must switch the receivers of those sections to the new stream.
     */
    @Test
    void firefoxReceivesANewStreamInTheSectionsOfOneThatLeft() throws Exception {
        int room = ROOMS.incrementAndGet();
        Side fox = firefox("seed-videocall.html", "fox", room);
        Side first = chromium("seed-rtc.html", "first", room);
        awaitTrue("Firefox subscribed to the first Chromium", () -> fox.subscribedStreamIds().size() == 1,
                Duration.ofSeconds(40));
        first.js("leaveRoom()");
        awaitTrue("Firefox saw the first Chromium's stream go", () -> fox.subscribedStreamIds().isEmpty(),
                Duration.ofSeconds(20));
        Side second = chromium("seed-videocall.html", "second", room);
        assertReceivesLiveMedia(second, 1);
        assertReceivesLiveMedia(fox, 1);
    }

    /** Every one of {@code expected} remote streams decodes advancing frames and carries non-silent audio. */
    private void assertReceivesLiveMedia(Side side, int expected) {
        awaitTrue(side.name() + " subscribed to " + expected + " remote stream(s)",
                () -> side.subscribedStreamIds().size() == expected, Duration.ofSeconds(40));
        for (String id : side.subscribedStreamIds()) {
            awaitTrue(side.name() + " decodes frames of " + id,
                    () -> number(side.measure(id, 300), "framesAfter") > 0, Duration.ofSeconds(20));
            // Up to four 3 s windows, bounded: a track whose first frame just arrived may still be starting
            // its audio (in Firefox it plays through a mock audio graph that runs late on a loaded machine).
            // A user sees and hears the other within seconds; that is what is asserted.
            Map<String, Object> m = Map.of();
            for (int window = 0; window < 4 && !isLive(m); window++) {
                m = side.measure(id, 3000);
                System.out.println(side.name() + " measured " + id + ": " + m);
            }
            check(!m.containsKey("error"), side.name() + ": measuring " + id + " failed: " + m);
            check(number(m, "framesAfter") > number(m, "framesBefore") + 5,
                    side.name() + ": video frames of " + id + " do not advance: " + m);
            check(number(m, "width") > 0, side.name() + ": video of " + id + " has no width: " + m);
            check(number(m, "audioMax") > 0.01, side.name() + ": audio of " + id + " is silent: " + m);
        }
    }

    private static boolean isLive(Map<String, Object> m) {
        return !m.containsKey("error") && number(m, "framesAfter") > number(m, "framesBefore") + 5
                && number(m, "width") > 0 && number(m, "audioMax") > 0.01;
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what + failureContext());
        }
    }

    private void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        Poll.until(what, timeout, condition, this::failureContext);
    }

    private String failureContext() {
        StringBuilder sb = new StringBuilder("\n--- server log (tail) ---\n").append(Poll.tail(server.log(), 60));
        for (Side s : sides) {
            try {
                sb.append('\n').append(s.diagnostics());
            } catch (RuntimeException e) {
                sb.append("\n--- ").append(s.name()).append(": diagnostics unavailable: ").append(e);
            }
        }
        return sb.toString();
    }
}
