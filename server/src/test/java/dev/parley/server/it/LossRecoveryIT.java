package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.it.ImpairmentRelay.Impairment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's loss acceptance in Chromium: with 10 % random loss on every uplink and every downlink (the
 * impairment relay between the browsers and the server), the subscriber's video keeps advancing and its
 * audio keeps flowing. The margins are generous (a loaded 2-core machine); the exact numbers are printed
 * and written to {@code target/bench/loss-recovery-it.md}; {@link LossRecoveryBench} compares them with
 * loss recovery switched off.
 */
class LossRecoveryIT {
    /** Decoded frames per sent frame the subscriber must reach under 10 % loss each way. */
    private static final double MIN_DECODED_SHARE = 0.6;

    @Test
    void videoKeepsAdvancingAndAudioKeepsFlowingWithTenPercentLossEachWay() throws Exception {
        LossWindow w;
        try (LossyCall call = LossyCall.start(true, 20261121L)) {
            w = call.callUnderLoss(5001, Impairment.loss(0.10), Impairment.loss(0.10), Duration.ofSeconds(3),
                    Duration.ofSeconds(10));
            System.out.println("loss recovery under 10 %/10 % loss: " + w + "\nrelay uplink " + call.relay().uplink()
                    + ", downlink " + call.relay().downlink());
            // The server announced the relay's port: every media packet crossed it, and it dropped some.
            assertThat(call.relay().uplink().received.get()).isGreaterThan(1000);
            assertThat(call.relay().downlink().lost.get()).isGreaterThan(50);
        }
        Path out = Path.of("target", "bench", "loss-recovery-it.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# LossRecoveryIT, 10 % loss each way, 10 s window\n\n" + LossWindow.markdownHeader()
                + "\n" + w.markdownRow("NACK + RTX") + "\n");

        assertThat(w.sentFps()).as("the publisher sends video: %s", w).isGreaterThan(3);
        assertThat(w.decodedShare()).as("decoded/sent frames: %s", w).isGreaterThanOrEqualTo(MIN_DECODED_SHARE);
        // Without recovery the picture stands still for most of the window (LossRecoveryBench: 6.3 s of 10 s).
        assertThat(w.freezeSeconds()).as("time frozen: %s", w).isLessThan(0.4 * w.seconds());
        assertThat(w.retransmittedSent()).as("the publisher answered the server's NACKs: %s", w).isPositive();
        assertThat(w.audioPacketsReceived()).as("audio keeps flowing: %s", w).isGreaterThan(200);
    }
}
