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
 * bitrate, second by second, from the moment its first video bytes leave, with the SDK's default
 * profile (480p, 500 kbit/s in trtc.js) on loopback with a subscriber in the room. It shows how fast the
 * browser's estimator ramps on the server's congestion feedback (transport-cc, or REMB). Run:
 *
 * <pre>mvn verify -pl server -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=BitrateRampBench -Dparley.bench.seconds=20</pre>
 *
 * <p>It writes {@code server/target/bench/bitrate-ramp.md}.
 */
class BitrateRampBench {
    /** trtc.js: DEFAULT_VIDEO_PROFILE '480p' = 640x480, 15 fps, 500 kbit/s. */
    static final double TARGET_BPS = 500_000;

    @Test
    void publisherBitrateRamp() throws Exception {
        int seconds = Integer.getInteger("parley.bench.seconds", 20);
        List<String> rows = new ArrayList<>();
        double reachedAt = -1;
        try (ServerProcess server = ServerProcess.start(); PageServer pages = new PageServer(server.baseUrl());
             Browser publisher = new Browser(); Browser subscriber = new Browser()) {
            subscriber.open(pages.url("seed-rtc.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                    + "&userId=sub&userSig=" + ServerProcess.userSig("sub") + "&roomId=888");
            publisher.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                    + "&userId=pub&userSig=" + ServerProcess.userSig("pub") + "&roomId=888");
            PublisherVideoStats first = awaitFirstVideoBytes(publisher);
            long start = System.nanoTime();
            PublisherVideoStats previous = first;
            for (int i = 1; i <= seconds; i++) {
                Thread.sleep(Math.max(0, (start + 1_000_000_000L * i - System.nanoTime()) / 1_000_000));
                PublisherVideoStats now = PublisherVideoStats.read(publisher).orElseThrow();
                double bps = now.bitrateSince(previous);
                double t = (now.timestampMillis() - first.timestampMillis()) / 1000.0;
                if (reachedAt < 0 && bps >= 0.8 * TARGET_BPS) {
                    reachedAt = t;
                }
                rows.add(String.format("| %5.1f | %6.0f | %6.0f | %6.0f | %4d | %4.0f | %s |", t, bps / 1000,
                        now.targetBitrate() / 1000, now.availableOutgoingBitrate() / 1000, now.frameWidth(),
                        now.framesPerSecond(), now.qualityLimitationReason()));
                previous = now;
            }
        }
        String report = String.format("# Publisher video bitrate ramp (loopback, default profile 480p / %.0f kbit/s)"
                        + "%n%n- date: %s%n- 80%% of target (%.0f kbit/s) first reached at: %s%n"
                        + "- machine: %d cores, %s %s, Java %s%n%n"
                        + "| t (s) | sent kbit/s | encoder target kbit/s | available outgoing kbit/s | width | fps"
                        + " | limited by |%n|---|---|---|---|---|---|---|%n%s%n",
                TARGET_BPS / 1000, LocalDate.now(), 0.8 * TARGET_BPS / 1000,
                reachedAt < 0 ? "never" : String.format("%.1f s", reachedAt),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), String.join("\n", rows));
        Path out = Path.of("target", "bench", "bitrate-ramp.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
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
}
