package dev.parley.server.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (not named *IT, so {@code mvn verify} does not run it): the publisher's video
 * bitrate, second by second from its first video bytes, with the SDK's default profile (480p,
 * 900 kbit/s in trtc.js, Tencent's v4 value) on loopback with a subscriber in the room. It shows how fast the browser's
 * estimator ramps on the server's congestion feedback (transport-cc, or REMB). Two video sources:
 * Chromium's built-in fake camera (what the seed pages see; easy to encode, so VP8 may stay under its
 * target whatever the estimate) and a busy clip ({@link BusyVideoFile}) that makes the encoder spend
 * everything it is allowed. Run:
 *
 * <pre>mvn verify -pl server -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=BitrateRampBench -Dparley.bench.seconds=20 -Dparley.bench.runs=1</pre>
 *
 * <p>It writes {@code server/target/bench/bitrate-ramp.md}.
 */
class BitrateRampBench {
    /** trtc.js: DEFAULT_VIDEO_PROFILE '480p' = 640x480, 15 fps, 900 kbit/s (TRTC v4's table). */
    static final double TARGET_BPS = 900_000;

    @Test
    void publisherBitrateRamp() throws Exception {
        int seconds = Integer.getInteger("parley.bench.seconds", 20);
        int runs = Integer.getInteger("parley.bench.runs", 1);
        Path clip = BusyVideoFile.create(Path.of("target", "bench", "busy-640x480-v2.y4m"), 45);
        StringBuilder report = new StringBuilder(String.format(
                "# Publisher video bitrate ramp (loopback, default profile 480p / %.0f kbit/s)%n%n"
                        + "- date: %s%n- machine: %d cores, %s %s, Java %s; load average at start: %s%n",
                TARGET_BPS / 1000, LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                loadAverage()));
        try (ServerProcess server = ServerProcess.start(); PageServer pages = new PageServer(server.baseUrl())) {
            for (int run = 1; run <= runs; run++) {
                report.append(ramp(pages, "fake camera", run, seconds));
                report.append(ramp(pages, "busy clip", run, seconds,
                        "--use-file-for-fake-video-capture=" + clip.toAbsolutePath()));
            }
        }
        Path out = Path.of("target", "bench", "bitrate-ramp.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static String ramp(PageServer pages, String source, int run, int seconds, String... chromiumArgs)
            throws Exception {
        String room = Integer.toString(880 + 2 * run + (chromiumArgs.length > 0 ? 1 : 0));
        List<String> rows = new ArrayList<>();
        double reachedAt = -1;
        double targetReachedAt = -1;
        double previousBps = 0;
        try (Browser subscriber = new Browser(); Browser publisher = new Browser("900,700", chromiumArgs)) {
            subscriber.open(pages.url("seed-rtc.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                    + "&userId=sub&userSig=" + ServerProcess.userSig("sub") + "&roomId=" + room);
            publisher.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                    + "&userId=pub&userSig=" + ServerProcess.userSig("pub") + "&roomId=" + room);
            PublisherVideoStats first = awaitFirstVideoBytes(publisher);
            long start = System.nanoTime();
            PublisherVideoStats previous = first;
            for (int i = 1; i <= seconds; i++) {
                Thread.sleep(Math.max(0, (start + 1_000_000_000L * i - System.nanoTime()) / 1_000_000));
                PublisherVideoStats now = PublisherVideoStats.read(publisher).orElseThrow();
                double bps = now.bitrateSince(previous);
                double t = (now.timestampMillis() - first.timestampMillis()) / 1000.0;
                // Two seconds in a row, so that one keyframe's overshoot does not count as a ramp.
                if (reachedAt < 0 && Math.min(bps, previousBps) >= 0.8 * TARGET_BPS) {
                    reachedAt = t;
                }
                if (targetReachedAt < 0 && now.targetBitrate() >= 0.8 * TARGET_BPS) {
                    targetReachedAt = t;
                }
                previousBps = bps;
                rows.add(String.format("| %5.1f | %6.0f | %6.0f | %6.0f | %4d | %4.0f | %s |", t, bps / 1000,
                        now.targetBitrate() / 1000, now.availableOutgoingBitrate() / 1000, now.frameWidth(),
                        now.framesPerSecond(), now.qualityLimitationReason()));
                previous = now;
            }
        }
        return String.format("%n## %s, run %d%n%n- sent bitrate at 80%% of target (%.0f kbit/s) two seconds in a row:"
                        + " %s%n- encoder target at 80%% of the profile's: %s%n%n"
                        + "| t (s) | sent kbit/s | encoder target kbit/s | available outgoing kbit/s | width | fps"
                        + " | limited by |%n|---|---|---|---|---|---|---|%n%s%n",
                source, run, 0.8 * TARGET_BPS / 1000, at(reachedAt), at(targetReachedAt), String.join("\n", rows));
    }

    private static String at(double seconds) {
        return seconds < 0 ? "not within the run" : String.format("%.1f s", seconds);
    }

    static PublisherVideoStats awaitFirstVideoBytes(Browser publisher) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<PublisherVideoStats> s = PublisherVideoStats.read(publisher);
            if (s.isPresent() && s.get().videoBytesSent() > 0) {
                return s.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the publisher sent no video within 60 s");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
