package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReceiveSideEstimateTest {
    private static final long SECOND = 1_000_000;

    /** {@code kbps} worth of 1000-byte packets over one second starting at {@code start}. */
    private static void receive(ReceiveSideEstimate e, long start, int kbps) {
        int packets = kbps / 8;
        for (int i = 0; i < packets; i++) {
            e.onPacket(1000, start + i * SECOND / packets);
        }
    }

    @Test
    void startsAtTheInitialEstimate() {
        ReceiveSideEstimate e = new ReceiveSideEstimate(100_000, 2_000_000, 300_000);
        assertThat(e.bitsPerSecond()).isEqualTo(300_000);
        assertThat(e.update(SECOND, 0)).as("nothing arrived: unchanged").isEqualTo(300_000);
    }

    @Test
    void withoutLossAllowsOneAndAHalfTimesWhatArrives() {
        ReceiveSideEstimate e = new ReceiveSideEstimate(100_000, 2_000_000, 300_000);
        receive(e, 0, 400);
        assertThat(e.update(SECOND, 0.01)).isEqualTo(600_000);
        receive(e, SECOND, 600);
        assertThat(e.update(2 * SECOND, 0)).isEqualTo(900_000);
    }

    @Test
    void aWindowShorterThanHalfASecondKeepsCounting() {
        ReceiveSideEstimate e = new ReceiveSideEstimate(100_000, 2_000_000, 300_000);
        receive(e, 0, 400); // 50 packets over [0, 1 s)
        assertThat(e.update(SECOND / 5, 0)).isEqualTo(300_000);
        assertThat(e.update(SECOND, 0)).as("the whole second, counted once").isEqualTo(600_000);
    }

    @Test
    void isCappedAtTheMaximum() {
        ReceiveSideEstimate e = new ReceiveSideEstimate(100_000, 700_000, 300_000);
        receive(e, 0, 800);
        assertThat(e.update(SECOND, 0)).isEqualTo(700_000);
    }

    @Test
    void moderateLossHoldsTheEstimate() {
        ReceiveSideEstimate e = new ReceiveSideEstimate(100_000, 2_000_000, 300_000);
        receive(e, 0, 400);
        e.update(SECOND, 0);
        receive(e, SECOND, 800);
        assertThat(e.update(2 * SECOND, 0.05)).isEqualTo(600_000);
    }

    @Test
    void heavyLossBacksOffBelowWhatArrives() {
        ReceiveSideEstimate e = new ReceiveSideEstimate(100_000, 2_000_000, 300_000);
        receive(e, 0, 800);
        assertThat(e.update(SECOND, 0.2)).isEqualTo(720_000); // 800k × (1 − 0.1)
    }

    @Test
    void neverGoesBelowTheMinimum() {
        ReceiveSideEstimate e = new ReceiveSideEstimate(100_000, 2_000_000, 300_000);
        receive(e, 0, 40);
        assertThat(e.update(SECOND, 0.5)).isEqualTo(100_000);
    }

    @Test
    void rejectsAnEmptyRange() {
        assertThatThrownBy(() -> new ReceiveSideEstimate(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiveSideEstimate(10, 5, 7)).isInstanceOf(IllegalArgumentException.class);
    }
}
