package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeClustersTest {
    private final ProbeClusters probes = new ProbeClusters();

    /** {@code n} packets of 1000 bytes sent every {@code sendGap} µs, arriving every {@code arrivalGap}. */
    private void probe(int cluster, int n, long sendGap, long arrivalGap, int lostEvery) {
        for (int i = 0; i < n; i++) {
            probes.onSent(cluster, 1_000_000 + i * sendGap);
        }
        for (int i = 0; i < n; i++) {
            boolean lost = lostEvery > 0 && i % lostEvery == lostEvery - 1;
            probes.onReported(cluster, !lost, 1_000_000 + i * sendGap, 5_000_000 + i * arrivalGap, 1000);
        }
    }

    @Test
    void aProbeThatGetsThroughMeasuresItsSendRate() {
        probe(0, 20, 10_000, 10_000, 0); // 8000 bits per 10 ms
        assertThat(probes.takeResult()).isEqualTo(800_000);
        assertThat(probes.takeResult()).isZero(); // nothing new since
    }

    @Test
    void aSaturatedPathGivesNinetyFivePercentOfTheReceiveRate() {
        probe(1, 20, 10_000, 20_000, 0); // arrives at half the rate it was sent
        assertThat(probes.takeResult()).isEqualTo(380_000);
    }

    @Test
    void aSlightlySlowerReceiveRateIsTakenAsIs() {
        probe(2, 11, 10_000, 10_500, 0);
        assertThat(probes.takeResult()).isEqualTo(761_904); // 10 × 8000 bits / 105 ms
    }

    @Test
    void tooFewPacketsGiveNoResult() {
        probe(3, 4, 10_000, 10_000, 0);
        assertThat(probes.takeResult()).isZero();
    }

    @Test
    void aLossyProbeGivesNoResult() {
        probe(4, 20, 10_000, 10_000, 4); // a quarter lost
        assertThat(probes.takeResult()).isZero();
    }

    @Test
    void aReceiveRateFarAboveTheSendRateIsInvalid() {
        probe(5, 20, 10_000, 2_000, 0);
        assertThat(probes.takeResult()).isZero();
    }

    @Test
    void reportsForAForgottenClusterAreIgnored() {
        for (int c = 0; c < ProbeClusters.SLOTS + 1; c++) {
            probes.onSent(100 + c, 1_000_000);
        }
        for (int i = 0; i < 10; i++) {
            probes.onReported(100, true, 1_000_000 + i * 10_000L, 2_000_000 + i * 10_000L, 1000);
        }
        assertThat(probes.takeResult()).isZero();
    }
}
