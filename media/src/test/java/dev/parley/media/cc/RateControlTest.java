package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link AimdRateControl}, {@link LossBasedControl} and {@link AckedBitrate} on their own. */
class RateControlTest {
    private static final long S = 1_000_000;

    @Test
    void overUseCutsToEightyFivePercentOfTheAckedBitrateThenHolds() {
        AimdRateControl aimd = new AimdRateControl(10_000, 10_000_000, 2_000_000);
        assertThat(aimd.update(BandwidthUsage.OVERUSING, 1_000_000, S)).isEqualTo(850_000);
        assertThat(aimd.state()).isEqualTo(AimdRateControl.State.HOLD);
        assertThat(aimd.update(BandwidthUsage.UNDERUSING, 1_000_000, 2 * S)).isEqualTo(850_000);
    }

    @Test
    void farFromCongestionTheIncreaseIsEightPercentPerSecond() {
        AimdRateControl aimd = new AimdRateControl(10_000, 10_000_000, 500_000);
        aimd.update(BandwidthUsage.NORMAL, 500_000, 0);
        long before = aimd.bps();
        aimd.update(BandwidthUsage.NORMAL, 500_000, S / 2);
        assertThat((double) aimd.bps() / before).isCloseTo(Math.sqrt(1.08), within(0.001));
    }

    @Test
    void nearTheLastCongestionPointTheIncreaseIsAdditive() {
        AimdRateControl aimd = new AimdRateControl(10_000, 10_000_000, 1_000_000);
        aimd.setRtt(100_000);
        aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 0);
        aimd.update(BandwidthUsage.NORMAL, 900_000, S);
        long before = aimd.bps();
        aimd.update(BandwidthUsage.NORMAL, 900_000, 2 * S);
        long step = aimd.bps() - before;
        // about one 1200-byte packet per response time of 2 × (100 ms + 100 ms): 24 kbit/s
        assertThat(step).isBetween(15_000L, 30_000L);
    }

    @Test
    void increasesStopAtOneAndAHalfTimesTheAckedBitrate() {
        AimdRateControl aimd = new AimdRateControl(10_000, 10_000_000, 100_000);
        for (int i = 0; i < 100; i++) {
            aimd.update(BandwidthUsage.NORMAL, 100_000, i * S);
        }
        assertThat(aimd.bps()).isEqualTo(160_000);
        aimd.setEstimate(800_000, 100 * S); // a probe may set more; it is kept, not cut
        aimd.update(BandwidthUsage.NORMAL, 100_000, 101 * S);
        assertThat(aimd.bps()).isEqualTo(800_000);
    }

    @Test
    void highLossCutsByHalfTheLossFraction() {
        LossBasedControl loss = new LossBasedControl(10_000, 10_000_000);
        report(loss, 100, 20);
        loss.update(0, 1_000_000);
        loss.update(S, 1_000_000);
        assertThat(loss.lossFraction()).isEqualTo(0.2);
        assertThat(loss.bps()).isEqualTo(900_000);
    }

    @Test
    void moderateLossHoldsAndLowLossIncreases() {
        LossBasedControl loss = new LossBasedControl(10_000, 10_000_000);
        report(loss, 100, 50);
        loss.update(0, 1_000_000);
        loss.update(S, 1_000_000);
        assertThat(loss.bps()).isEqualTo(750_000);
        report(loss, 100, 5);
        loss.update(2 * S, 750_000);
        assertThat(loss.bps()).isEqualTo(750_000);
        report(loss, 100, 1);
        loss.update(3 * S, 750_000);
        assertThat(loss.bps()).isEqualTo(750_000 * 108 / 100 + 1000);
    }

    @Test
    void aWindowNeedsEnoughPackets() {
        LossBasedControl loss = new LossBasedControl(10_000, 10_000_000);
        report(loss, 10, 10);
        loss.update(0, 1_000_000);
        loss.update(S, 1_000_000);
        assertThat(loss.lossFraction()).isZero();
        loss.update(3 * S, 1_000_000); // after 2 s any window closes
        assertThat(loss.lossFraction()).isEqualTo(1.0);
    }

    private static void report(LossBasedControl loss, int packets, int lost) {
        for (int i = 0; i < packets; i++) {
            loss.onReported(i >= lost);
        }
    }

    @Test
    void ackedBitrateIsWhatArrivedOverTheLastHalfSecond() {
        AckedBitrate acked = new AckedBitrate();
        for (int i = 0; i < 100; i++) {
            acked.add(1_000_000 + i * 10_000L, 1250); // 1 Mbit/s
            acked.update();
        }
        assertThat(acked.bps()).isEqualTo(1_000_000);
        acked.add(50_000_000, 1250); // a long silence: no packets in the window, the rate is kept
        acked.update();
        assertThat(acked.bps()).isEqualTo(1_000_000);
    }
}
