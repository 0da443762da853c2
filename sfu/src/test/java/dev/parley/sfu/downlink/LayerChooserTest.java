package dev.parley.sfu.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The layer choice for one subscription: fit under the budget, headroom up, hysteresis down. */
class LayerChooserTest {
    private static final long[] BPS = {120_000, 600_000};
    private static final boolean[] BOTH = {true, true};
    private static final long NO_ESTIMATE = Long.MAX_VALUE;

    private final LayerChooser chooser = new LayerChooser();

    @Test
    void withoutAnEstimateTheWantedLayerIsForwarded() {
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 0, NO_ESTIMATE)).isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 0, 1, NO_ESTIMATE)).as("'small' wanted").isZero();
    }

    @Test
    void goingUpNeedsFifteenPercentHeadroom() {
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 0, 680_000)).as("600 kbit/s × 1.15 > 680").isZero();
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 0, 690_000)).isEqualTo(1);
    }

    @Test
    void goingDownWaitsThreeAllocationsOfNotFitting() {
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 500_000)).isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 500_000)).isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 500_000)).isZero();
    }

    @Test
    void aDipShorterThanTheHysteresisChangesNothingAndIsForgotten() {
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 500_000)).isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 500_000)).isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 900_000)).isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 500_000)).as("counting starts again").isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 1, 500_000)).isEqualTo(1);
    }

    @Test
    void aBudgetBelowEveryLayerStillGetsTheLowestOne() {
        for (int i = 0; i < 3; i++) {
            chooser.choose(BPS, BOTH, 2, 1, 1, 50_000);
        }
        assertThat(chooser.choose(BPS, BOTH, 2, 1, 0, 50_000)).isZero();
    }

    @Test
    void anInactiveLayerIsNeverChosenAndIsLeftAtOnce() {
        boolean[] bigStopped = {true, false};
        assertThat(chooser.choose(BPS, bigStopped, 2, 1, 1, NO_ESTIMATE)).as("the publisher paused it").isZero();
        assertThat(chooser.choose(BPS, bigStopped, 2, 1, 0, 5_000_000)).isZero();
    }

    @Test
    void aLayerNotMeasuredYetIsNoUpgradeUnderAnEstimate() {
        long[] bigUnmeasured = {120_000, 0};
        assertThat(chooser.choose(bigUnmeasured, BOTH, 2, 1, 0, 300_000)).isZero();
        assertThat(chooser.choose(bigUnmeasured, BOTH, 2, 1, 0, NO_ESTIMATE)).isEqualTo(1);
    }

    @Test
    void threeLayersTakeTheHighestThatFits() {
        long[] bps = {100_000, 300_000, 1_200_000};
        boolean[] all = {true, true, true};
        assertThat(chooser.choose(bps, all, 3, 2, 0, 500_000)).isEqualTo(1);
        assertThat(LayerChooser.wanted(new boolean[] {true, false, false}, 2, 3)).isZero();
        assertThat(LayerChooser.wanted(new boolean[] {false, false, false}, 2, 3)).isEqualTo(2);
    }

    @Test
    void aViewerWantingTheSmallLayerGetsTheBigOneWhileTheSmallIsPaused() {
        boolean[] smallPaused = {false, true};
        assertThat(LayerChooser.wanted(smallPaused, 0, 2)).isEqualTo(1);
        assertThat(chooser.choose(BPS, smallPaused, 2, 0, 0, NO_ESTIMATE)).isEqualTo(1);
        assertThat(chooser.choose(BPS, BOTH, 2, 0, 1, NO_ESTIMATE)).as("the small layer is back").isZero();
    }
}
