package dev.parley.server.it;

import dev.parley.server.it.ImpairmentRelay.Impairment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, run on demand (not part of the suite: its name ends in neither Test nor IT):
 * <pre>
 * mvn -o verify -pl server -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=LossRecoveryBench   (-Dbench.runs=N, -Dbench.windowSeconds=S)
 * </pre>
 * Chromium → relay (10 % loss each way) → Chromium, with Parley's loss recovery (upstream NACK, RTX
 * toward subscribers) and without it ({@code -Dparley.lossRecovery=off}), then with no loss as reference.
 * Writes {@code target/bench/loss-recovery.md}.
 */
class LossRecoveryBench {
    @Test
    void recoveryUnderLoss() throws Exception {
        Duration window = Duration.ofSeconds(Long.getLong("bench.windowSeconds", 10));
        List<String> rows = new ArrayList<>();
        int room = 6001;
        for (int run = 0; run < Integer.getInteger("bench.runs", 1); run++) {
            for (boolean recovery : new boolean[] {true, false}) {
                try (LossyCall call = LossyCall.start(recovery, 20261121L + run)) {
                    LossWindow w = call.callUnderLoss(room++, Impairment.loss(0.10), Impairment.loss(0.10),
                            Duration.ofSeconds(3), window);
                    rows.add(w.markdownRow((recovery ? "NACK + RTX" : "recovery off") + ", 10 %/10 % loss"));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
        }
        try (LossyCall call = LossyCall.start(true, 1)) {
            LossWindow w = call.callUnderLoss(room, Impairment.NONE, Impairment.NONE, Duration.ofSeconds(3), window);
            rows.add(w.markdownRow("NACK + RTX, no loss"));
        }
        Path out = Path.of("target", "bench", "loss-recovery.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Loss recovery: Chromium → relay → Parley → relay → Chromium\n\n"
                + "10 % random loss on every uplink and downlink (seeded relay), " + window.toSeconds()
                + " s window after 3 s under loss; numbers are deltas of getStats() over the window.\n"
                + "'recovery off' = -Dparley.lossRecovery=off: no upstream NACKs, no RTX toward subscribers"
                + " (their NACKs are still answered on the media SSRC).\n\n"
                + LossWindow.markdownHeader() + "\n" + String.join("\n", rows) + "\n");
        System.out.println(Files.readString(out));
    }
}
