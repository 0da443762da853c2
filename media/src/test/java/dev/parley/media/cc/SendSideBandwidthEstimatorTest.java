package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The estimator against a simulated bottleneck ({@link SimulatedDownlink}): 40 ms one-way delay, a
 * 300 ms drop-tail queue, feedback every 100 ms, all in simulated time with seeded randomness.
 */
class SendSideBandwidthEstimatorTest {
    private static final long MIN = 30_000;
    private static final long MAX = 10_000_000;
    private static final long SECOND = 1_000_000;

    private static SimulatedDownlink downlink(long capacityBps, long startBps, long seed) {
        return new SimulatedDownlink(new SendSideBandwidthEstimator(MIN, MAX, startBps), capacityBps, 40_000,
                300_000, seed);
    }

    @Test
    void rampsFromTheStartRateToNearLinkCapacityWithinTenSeconds() {
        SimulatedDownlink d = downlink(1_000_000, 300_000, 1);
        d.run(10 * SECOND);
        assertThat(d.estimate()).isBetween(600_000L, 1_100_000L);
    }

    @Test
    void staysNearLinkCapacityOnceItFoundTheCongestionPoint() {
        SimulatedDownlink d = downlink(1_000_000, 300_000, 2);
        d.run(20 * SECOND);
        d.run(20 * SECOND);
        assertThat(d.minEstimateSeen()).isGreaterThanOrEqualTo(700_000L);
        assertThat(d.maxEstimateSeen()).isLessThanOrEqualTo(1_150_000L);
        assertThat(d.estimator.ackedBitrateBps()).isBetween(700_000L, 1_050_000L);
    }

    @Test
    void backsOffBelowANewLowerCapacityWithinTwoSeconds() {
        SimulatedDownlink d = downlink(2_000_000, 1_500_000, 3);
        d.run(15 * SECOND);
        assertThat(d.estimate()).isGreaterThan(1_500_000L);
        d.capacity(300_000).run(2 * SECOND);
        assertThat(d.estimate()).isLessThan(360_000L);
        d.run(10 * SECOND);
        assertThat(d.minEstimateSeen()).isGreaterThanOrEqualTo(150_000L);
        assertThat(d.maxEstimateSeen()).isLessThanOrEqualTo(400_000L);
    }

    @Test
    void anAppLimitedSenderDoesNotRaiseItsEstimateFarAboveWhatItSends() {
        SimulatedDownlink d = downlink(2_000_000, 200_000, 4).appRate(150_000);
        d.run(10 * SECOND);
        assertThat(d.estimate()).isBetween(200_000L, (long) (1.5 * 150_000) + 20_000); // 1.5 × acked + headroom
    }

    @Test
    void aProbeThatGetsThroughRaisesTheEstimateWithinAFewHundredMilliseconds() {
        SimulatedDownlink d = downlink(2_000_000, 300_000, 5).appRate(150_000);
        d.run(5 * SECOND);
        long before = d.estimate();
        assertThat(before).isLessThan(400_000L);
        d.probe(800_000, 300_000);
        d.run(1_500_000);
        assertThat(d.estimate()).isGreaterThanOrEqualTo(700_000L);
        d.run(5 * SECOND);
        assertThat(d.minEstimateSeen()).isGreaterThanOrEqualTo(700_000L);
    }

    @Test
    void aProbeThatOverrunsTheLinkDoesNotRaiseTheEstimate() {
        SimulatedDownlink d = downlink(300_000, 300_000, 6).appRate(150_000);
        d.run(5 * SECOND);
        d.probe(800_000, 300_000);
        d.run(1_500_000);
        assertThat(d.maxEstimateSeen()).isLessThanOrEqualTo(400_000L);
        assertThat(d.estimate()).isGreaterThanOrEqualTo(MIN);
    }

    @Test
    void aStartProbeSkipsTheSlowRamp() {
        SimulatedDownlink d = downlink(1_000_000, 300_000, 7);
        d.run(200_000);
        d.probe(900_000, 200_000);
        d.run(2 * SECOND);
        assertThat(d.estimate()).isBetween(750_000L, 1_100_000L);
    }

    @Test
    void fivePercentRandomLossOnAnUncongestedLinkDoesNotCollapseTheEstimate() {
        SimulatedDownlink d = downlink(5_000_000, 1_000_000, 8).appRate(1_000_000);
        d.run(8 * SECOND);
        long before = d.estimate();
        d.randomLoss(0.05).run(20 * SECOND);
        assertThat(d.minEstimateSeen()).isGreaterThanOrEqualTo((long) (0.7 * before));
        assertThat(d.estimator.lossFraction()).isBetween(0.0, 0.15);
    }

    @Test
    void thirtyPercentRandomLossDecreasesTheEstimate() {
        SimulatedDownlink d = downlink(5_000_000, 1_000_000, 9).appRate(1_000_000);
        d.run(8 * SECOND);
        long before = d.estimate();
        d.randomLoss(0.30).run(5 * SECOND);
        assertThat(d.estimate()).isLessThan((long) (0.6 * before));
        assertThat(d.estimator.lossFraction()).isBetween(0.2, 0.4);
    }

    @Test
    void aProbeAfterALossEpisodeLiftsTheLossBasedRateToo() {
        // The SFU's case: a capped link's losses pushed the loss-based rate to the floor; the cap is lifted;
        // the sender, held on a small layer, probes. Without the probe reaching the loss-based rate too,
        // the estimate would crawl back at 8 %/s (from 50 kbit/s to 500 kbit/s: about 30 s).
        SimulatedDownlink d = downlink(2_000_000, 1_000_000, 10).appRate(800_000);
        d.run(5 * SECOND);
        d.capacity(150_000).run(4 * SECOND);
        assertThat(d.estimator.lossBasedBps()).isLessThan(300_000L);
        d.capacity(2_000_000).appRate(100_000).run(2 * SECOND);
        assertThat(d.estimate()).isLessThan(400_000L);
        d.probe(800_000, 300_000);
        d.run(1_500_000);
        assertThat(d.estimate()).isGreaterThanOrEqualTo(650_000L);
    }
}
