package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The uplink congestion feedback as Chromium sees it: transport-cc is negotiated on the publisher's
 * connection and, fed by the server's feedback, the browser's estimator lets the video bitrate climb
 * toward the default profile's target. The margin is generous (60% of 900 kbit/s within 30 s, on a
 * loaded shared machine); the ramp's speed is measured by {@link BitrateRampBench}, not asserted here.
 */
class UplinkBitrateIT {
    private static ServerProcess server;
    private static PageServer pages;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start();
        pages = new PageServer(server.baseUrl());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pages != null) {
            pages.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void publisherVideoBitrateRisesTowardTheProfileTargetWithTransportCc() throws Exception {
        Path clip = BusyVideoFile.create(Path.of("target", "bench", "busy-640x480-v2.y4m"), 45);
        try (Browser subscriber = new Browser();
             Browser publisher = new Browser("900,700", "--use-file-for-fake-video-capture=" + clip.toAbsolutePath())) {
            subscriber.open(pages.url("seed-rtc.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                    + "&userId=sub&userSig=" + ServerProcess.userSig("sub") + "&roomId=4242");
            publisher.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                    + "&userId=pub&userSig=" + ServerProcess.userSig("pub") + "&roomId=4242");
            PublisherVideoStats previous = BitrateRampBench.awaitFirstVideoBytes(publisher);

            String answer = (String) publisher.js("return window.__client._uplink.pc.remoteDescription.sdp");
            assertThat(answer).as("the server's answer to the publisher")
                    .contains("a=extmap:", "transport-wide-cc-extensions-01").contains(" transport-cc");

            double threshold = 0.6 * BitrateRampBench.TARGET_BPS;
            double best = 0;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && best < threshold) {
                Thread.sleep(2000);
                PublisherVideoStats now = PublisherVideoStats.read(publisher).orElseThrow();
                best = Math.max(best, now.bitrateSince(previous));
                previous = now;
            }
            assertThat(best).as("best 2-second video bitrate of the publisher (bits/s) within 30 s")
                    .isGreaterThanOrEqualTo(threshold);
        }
    }
}
