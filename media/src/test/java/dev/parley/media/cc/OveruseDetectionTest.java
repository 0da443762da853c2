package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link TrendlineFilter} and {@link OveruseDetector} together, on synthetic group delay variations. */
class OveruseDetectionTest {
    private final TrendlineFilter trendline = new TrendlineFilter();
    private final OveruseDetector detector = new OveruseDetector();

    private BandwidthUsage feed(int groups, double variationMs) {
        BandwidthUsage usage = BandwidthUsage.NORMAL;
        for (int i = 0; i < groups; i++) {
            now += 10_000;
            double modified = trendline.update(variationMs, now);
            usage = detector.detect(modified, trendline.trend(), 10, now, trendline.deltaCount());
        }
        return usage;
    }

    private long now;

    @Test
    void aFlatDelayIsNormal() {
        assertThat(feed(100, 0)).isEqualTo(BandwidthUsage.NORMAL);
        assertThat(trendline.trend()).isZero();
    }

    @Test
    void aGrowingQueueIsOverUse() {
        feed(30, 0);
        // each 10 ms group arrives 1 ms later than sent: the queue grows 10 %
        assertThat(feed(30, 1.0)).isEqualTo(BandwidthUsage.OVERUSING);
        assertThat(trendline.trend()).isPositive();
    }

    @Test
    void aDrainingQueueIsUnderUse() {
        feed(30, 1.0);
        assertThat(feed(40, -2.0)).isEqualTo(BandwidthUsage.UNDERUSING);
    }

    @Test
    void jitterWithoutATrendIsNormal() {
        BandwidthUsage usage = BandwidthUsage.NORMAL;
        for (int i = 0; i < 200; i++) {
            usage = feed(1, i % 2 == 0 ? 3.0 : -3.0);
            assertThat(usage).isNotEqualTo(BandwidthUsage.OVERUSING);
        }
        assertThat(usage).isEqualTo(BandwidthUsage.NORMAL);
    }

    @Test
    void theThresholdFallsTowardsASmallTrendWithinItsBounds() {
        assertThat(detector.thresholdMs()).isEqualTo(OveruseDetector.INITIAL_THRESHOLD_MS);
        feed(3, 0);
        assertThat(detector.thresholdMs()).isLessThan(OveruseDetector.INITIAL_THRESHOLD_MS);
        feed(100, 0);
        assertThat(detector.thresholdMs()).isEqualTo(OveruseDetector.MIN_THRESHOLD_MS);
    }
}
