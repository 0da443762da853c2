package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TRTC v4 pages that we did not write, run from their original files with only the SDK's
 * {@code <script src>} pointing at Parley, in headless Chromium, driven as a person would: typing into
 * the form, clicking join (the page publishes by itself), then leave. Two people on the same page must
 * each decode the other's video, hear the other's audio, and see the other leave.
 *
 * <p>The pages' owners publish them without a license, so they never enter this repository: the test
 * reads them from the folder named by {@code PARLEY_TRTC_PAGES} and is skipped, saying so, when that is
 * not set. Each page is a subfolder; where each came from is in docs/WEB-SDK.md ("Real TRTC pages") and
 * in the subfolder's {@code SOURCE.md}. The machine is offline: scripts the pages load from CDNs, and
 * minified libraries the public index does not hold, come from our stand-ins (test resources
 * {@code /trtc-pages/}); the pages' own files are served untouched.
 *
 * <pre>PARLEY_TRTC_PAGES=/work/trtc-pages mvn -o verify -pl server -am -Dsdk.skipTests=true -Dtest=NONE \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TrtcPagesIT</pre>
 */
class TrtcPagesIT {
    private static final String ENV = "PARLEY_TRTC_PAGES";
    /** tencentyun/TRTCSDK's Web/TRTCSimpleDemo, v4 era (SOURCE.md in the folder names each file's commit). */
    private static final String SIMPLE_DEMO = "tencentyun-trtcsdk-web-trtcsimpledemo/";
    private static Path pages;
    private static ServerProcess server;
    private static TrtcPagesServer pageServer;
    private static CdnStandIn cdn;
    private final List<Browser> browsers = new ArrayList<>();

    /** Why the check cannot run here, or null. */
    private static String notRunnable;

    @BeforeAll
    static void start() throws Exception {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) {
            notRunnable = ENV + " is not set: the real TRTC pages check is skipped (the pages are unlicensed"
                    + " and kept outside the repository; docs/WEB-SDK.md \"Real TRTC pages\" says where to get them)";
        } else if (!Files.isDirectory(Path.of(dir))) {
            notRunnable = ENV + "=" + dir + " is not a directory: the real TRTC pages check is skipped";
        }
        if (notRunnable != null) {
            System.err.println("TrtcPagesIT: " + notRunnable);
            return;
        }
        pages = Path.of(dir).toAbsolutePath().normalize();
        server = ServerProcess.start();
        pageServer = new TrtcPagesServer(pages,
                List.of("https://web.sdk.qcloud.com/trtc/webrtc/demo/latest/dist/trtc.js", "./js/trtc.js"),
                server.baseUrl() + "/sdk/trtc.js",
                Map.of("tencent-v4-quick-demo-js/js/libs/lib-generate-test-usersig.min.js", "lib-generate-test-usersig.js",
                        "tencent-v4-quick-demo-js/js/libs/clipboard.min.js", "clipboard.js",
                        SIMPLE_DEMO + "js/lib-generate-test-usersig.min.js", "lib-generate-test-usersig.js",
                        SIMPLE_DEMO + "js/debug/GenerateTestUserSig.js", "generate-test-user-sig.js"),
                Map.of("@SDK_APP_ID@", Long.toString(ServerProcess.SDK_APP_ID), "@SECRET_KEY@", ServerProcess.SECRET_KEY));
        cdn = new CdnStandIn(Map.of("/aegis.min.js", "aegis.js", "/vconsole.min.js", "vconsole.js"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cdn != null) {
            cdn.close();
        }
        if (pageServer != null) {
            pageServer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    private Browser open(String page) {
        return open(page, "1200,900");
    }

    private Browser open(String page, String windowSize) {
        Browser b = new Browser(windowSize, cdn.chromiumArguments());
        browsers.add(b);
        b.open(pageServer.url(page));
        // For the failure report only: what the page says on its console from here on (it may log nowhere else).
        b.js("window.__console = []; for (const level of ['log', 'warn', 'error']) { const f = console[level];"
                + " console[level] = (...a) => { window.__console.push(level + ': ' + a.map(String).join(' ')); f.apply(console, a); }; }"
                + " addEventListener('error', (e) => window.__console.push('uncaught: ' + e.message));"
                + " addEventListener('unhandledrejection', (e) => window.__console.push('unhandled rejection: ' + e.reason));");
        return b;
    }

    /**
     * Tencent's v4 quick demo (Tencent-RTC/TRTC_Web, v4/quick-demo-js): SDKAppId, SDKSecretKey, userId,
     * roomId typed in; "Join Room" joins, captures with setVideoProfile('640p') (a name v4 does not know:
     * the default is used) and publishes; "Leave Room" unpublishes and leaves.
     */
    @Test
    void tencentV4QuickDemo() {
        Assumptions.assumeTrue(notRunnable == null, notRunnable);
        String page = "tencent-v4-quick-demo-js/index.html";
        Assumptions.assumeTrue(Files.isRegularFile(pages.resolve(page)), page + " is not in " + pages);
        int room = 4150 + (int) (System.nanoTime() % 1000);
        Browser alice = open(page);
        Browser bob = open(page);
        for (Browser b : List.of(alice, bob)) {
            String user = b == alice ? "alice" : "bob";
            awaitTrue(user + "'s page listed the cameras", () -> ((Number) b.js(
                    "return document.getElementById('camera-select').options.length")).intValue() > 0);
            b.type("sdkAppId", Long.toString(ServerProcess.SDK_APP_ID));
            b.type("SDKSecretKey", ServerProcess.SECRET_KEY);
            b.type("userId", user);
            b.type("roomId", Integer.toString(room));
            b.click("join");
            awaitTrue(user + "'s page says its stream is published", () -> log(b).contains("LocalStream is published successfully"),
                    Duration.ofSeconds(30));
        }
        for (Browser b : List.of(alice, bob)) {
            String other = b == alice ? "bob" : "alice";
            awaitTrue("the page plays " + other + "'s stream", () -> log(b).contains("RemoteStream play success: [" + other + "]"),
                    Duration.ofSeconds(30));
            Map<String, Object> m = measure(b, "#remote-container");
            System.out.println("TrtcPagesIT measured on " + (b == alice ? "alice" : "bob") + ": " + m);
            assertThat(((Number) m.get("frames")).longValue()).as("video frames of %s shown: %s", other, m).isGreaterThan(10);
            assertThat(((Number) m.get("width")).longValue()).as("video width of %s", other).isGreaterThan(0);
            assertThat(((Number) m.get("audioMax")).doubleValue()).as("audio of %s: %s", other, m).isGreaterThan(0.005);
        }
        for (Browser b : List.of(alice, bob)) {
            assertThat(log(b)).as("no failure line on the page").doesNotContain("🟥").doesNotContain("undefined");
        }

        alice.click("leave");
        awaitTrue("alice's page left", () -> log(alice).contains("Leave room success"));
        awaitTrue("bob's page saw alice leave", () -> log(bob).contains("[alice] leave")
                && log(bob).contains("RemoteStream removed: [alice]"));
        assertThat(((Number) bob.js("return document.querySelectorAll('#remote-container video').length")).intValue())
                .as("alice's video is gone from bob's page").isZero();
    }

    /**
     * Tencent's v4-era simple demo (tencentyun/TRTCSDK, Web/TRTCSimpleDemo): jQuery, Popper and
     * bootstrap-material-design pages; the first visit opens its device-check dialog, which a person closes;
     * userId and roomId typed in; "进入房间" joins, captures (cameraId/microphoneId from TRTC.getCameras and
     * getMicrophones), publishes and plays; remote peers appear in the member list and the video grid; the
     * logout button unpublishes and leaves. The app's SDKAppID and secret key live in the page's
     * js/debug/GenerateTestUserSig.js, the file its deployer edits: served by our stand-in with the test
     * server's app.
     */
    @Test
    void tencentTrtcSimpleDemo() {
        Assumptions.assumeTrue(notRunnable == null, notRunnable);
        String page = SIMPLE_DEMO + "index.html";
        Assumptions.assumeTrue(Files.isRegularFile(pages.resolve(page)), page + " is not in " + pages);
        int room = 5150 + (int) (System.nanoTime() % 1000);
        Browser alice = open(page, "1600,1000"); // its room view is at least 1500 px wide (css/room.css)
        Browser bob = open(page, "1600,1000");
        for (Browser b : List.of(alice, bob)) {
            String user = b == alice ? "alice" : "bob";
            awaitTrue(user + "'s page opened its device check", () -> (Boolean) b.js(
                    "return getComputedStyle(document.getElementById('device-testing-root')).display !== 'none'"));
            b.click("device-testing-close-btn");
            awaitTrue(user + "'s page listed the cameras", () -> ((Number) b.js(
                    "return document.querySelectorAll('#camera-option div').length")).intValue() > 0);
            b.type("userId", user);
            b.type("roomId", Integer.toString(room));
            b.click("login-btn");
            awaitTrue(user + "'s page plays its own camera", () -> (Boolean) b.js(
                    "const v = document.querySelector('#main-video video'); return !!v && v.videoWidth > 0"),
                    Duration.ofSeconds(30));
        }
        for (Browser b : List.of(alice, bob)) {
            String other = b == alice ? "bob" : "alice";
            awaitTrue("the page lists " + other, () -> (Boolean) b.js(
                    "return !!document.querySelector('#member-list > #' + arguments[0])", other), Duration.ofSeconds(30));
            awaitTrue("the page plays " + other + "'s stream", () -> (Boolean) b.js(
                    "const v = document.querySelector(arguments[0] + ' video'); return !!v && v.videoWidth > 0",
                    SIMPLE_DEMO_REMOTE), Duration.ofSeconds(30));
            Map<String, Object> m = measure(b, SIMPLE_DEMO_REMOTE);
            System.out.println("TrtcPagesIT TRTCSimpleDemo measured on " + (b == alice ? "alice" : "bob") + ": " + m);
            assertThat(((Number) m.get("frames")).longValue()).as("video frames of %s shown: %s", other, m).isGreaterThan(10);
            assertThat(((Number) m.get("width")).longValue()).as("video width of %s", other).isGreaterThan(0);
            assertThat(((Number) m.get("audioMax")).doubleValue()).as("audio of %s: %s", other, m).isGreaterThan(0.005);
        }

        alice.click("logout-btn");
        awaitTrue("alice's page is back at its login card", () -> (Boolean) alice.js(
                "return getComputedStyle(document.getElementById('login-root')).display !== 'none'"
                        + " && !document.querySelector('#main-video video')"));
        awaitTrue("bob's page saw alice leave: gone from its member list and its video grid", () -> (Boolean) bob.js(
                "return !document.querySelector('#member-list > #alice') && !document.querySelector(arguments[0])",
                SIMPLE_DEMO_REMOTE));
    }

    /** The simple demo's remote tiles: the video grid's boxes other than the local "main-video". */
    private static final String SIMPLE_DEMO_REMOTE = "#video-grid > .video-box:not(#main-video)";

    private static String log(Browser b) {
        return (String) b.js("return document.getElementById('log').innerText");
    }

    /**
     * Frames shown by the page's remote video (the first under {@code container}) over 3 s, its width, and
     * the remote audio's loudest level.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> measure(Browser b, String container) {
        return (Map<String, Object>) b.jsAsync(String.join("\n",
                "const done = arguments[arguments.length - 1];",
                "(async () => {",
                "  const video = document.querySelector(arguments[0] + ' video');",
                "  const audio = document.querySelector(arguments[0] + ' audio');",
                "  let frames = 0;",
                "  const count = () => { frames++; video.requestVideoFrameCallback(count); };",
                "  video.requestVideoFrameCallback(count);",
                "  let audioMax = 0;",
                "  const track = audio && audio.srcObject && audio.srcObject.getAudioTracks()[0];",
                "  const ctx = new AudioContext(); await ctx.resume();",
                "  const analyser = ctx.createAnalyser(); analyser.fftSize = 16384;",
                "  if (track) ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);",
                "  const buf = new Float32Array(16384);",
                "  const end = Date.now() + 3000;",
                "  while (Date.now() < end) {",
                "    await new Promise((r) => setTimeout(r, 40));",
                "    analyser.getFloatTimeDomainData(buf);",
                "    for (let s = 0; s < buf.length; s += 1024) {",
                "      let sum = 0; for (let i = s; i < s + 1024; i++) sum += buf[i] * buf[i];",
                "      audioMax = Math.max(audioMax, Math.sqrt(sum / 1024));",
                "    }",
                "  }",
                "  ctx.close();",
                "  return { frames, width: video.videoWidth, audioMax };",
                "})().then(done, (e) => done({ error: String(e), frames: 0, width: 0, audioMax: 0 }));"), container);
    }

    private void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, condition, Duration.ofSeconds(20));
    }

    private void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        Poll.until(what, timeout, condition, () -> {
            StringBuilder pagesSaw = new StringBuilder();
            for (Browser b : browsers) {
                String text;
                try {
                    text = (String) b.js("const log = document.getElementById('log');"
                            + " return (log ? log.innerText : '(no #log) ' + document.body.innerText.slice(0, 1500))"
                            + " + '\\nfields: ' + ['sdkAppId', 'userId', 'roomId'].filter((id) => document.getElementById(id))"
                            + ".map((id) => id + '=' + document.getElementById(id).value).join(' ')"
                            + " + ' TRTC=' + typeof TRTC + ' LibGenerateTestUserSig=' + typeof LibGenerateTestUserSig"
                            + " + ' videos=' + [...document.querySelectorAll('video')].map((v) => (v.parentElement && v.parentElement.id) + ':' + v.videoWidth).join(',')"
                            + " + '\\nresources: ' + performance.getEntriesByType('resource').map((e) => e.name.replace(/^https?:\\/\\/[^/]+/, '')"
                            + " + ':' + e.responseStatus + ':' + Math.round(e.duration) + 'ms').join(' ')"
                            + " + '\\nconsole (last 40): ' + (window.__console || []).slice(-40).join('\\n')");
                } catch (RuntimeException e) {
                    text = "(cannot read the page: " + e + ")";
                }
                pagesSaw.append("\n--- page log ---\n").append(text);
            }
            return pagesSaw + "\n--- server log (tail) ---\n" + Poll.tail(server.log(), 60);
        });
    }
}
