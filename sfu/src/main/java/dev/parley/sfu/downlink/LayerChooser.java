package dev.parley.sfu.downlink;

/**
 * Which simulcast layer one video subscription gets, given what each layer needs and what the
 * subscriber's downlink has left: the highest active layer, up to the one wanted, that fits. Going up
 * needs 15 % headroom (a layer's rate varies with the picture; an estimate just above it would flap);
 * going down needs {@link #DOWN_AFTER_TICKS} consecutive allocations of not fitting (one estimate dip or
 * one keyframe does not change the picture). The lowest active layer is always allowed: a subscriber
 * gets the smallest picture rather than none. One per subscription; SFU thread only.
 */
final class LayerChooser {
    static final int UP_HEADROOM_PERCENT = 115;
    /** At the 100 ms allocation tick: 300 ms. */
    static final int DOWN_AFTER_TICKS = 3;

    private int overBudgetTicks;

    /**
     * @param bps each layer's received rate (bits/s), lowest layer first; 0 when not measured yet
     * @param active whether each layer is receiving media
     * @param layers how many entries of the arrays are layers
     * @param cap the highest layer wanted (TRTC's 'small' wants 0)
     * @param target the layer forwarded now, or being switched to
     * @param budget bits/s left for this subscription; {@link Long#MAX_VALUE} when there is no estimate
     * @return the layer to forward
     */
    int choose(long[] bps, boolean[] active, int layers, int cap, int target, long budget) {
        for (int i = wanted(active, cap, layers); i >= 0; i--) {
            if (!active[i] && i != 0) {
                continue;
            }
            boolean measured = bps[i] > 0 || budget == Long.MAX_VALUE; // an unmeasured layer is no upgrade
            boolean fits = i > target ? measured && bps[i] * UP_HEADROOM_PERCENT / 100 <= budget : bps[i] <= budget;
            if (fits) {
                overBudgetTicks = 0;
                return i;
            }
            if (i == target && ++overBudgetTicks < DOWN_AFTER_TICKS) {
                return i;
            }
        }
        overBudgetTicks = 0;
        return lowestActive(active, layers);
    }

    /**
     * The highest layer at or below {@code cap} that is receiving media; when none is (the publisher paused
     * its small layer: {@code disableSmallStream()}), the lowest active layer above it — TRTC gives a viewer
     * who asked for the small stream the big one when there is no small one; {@code cap} when none is active.
     */
    static int wanted(boolean[] active, int cap, int layers) {
        for (int i = cap; i >= 0; i--) {
            if (active[i]) {
                return i;
            }
        }
        for (int i = cap + 1; i < layers; i++) {
            if (active[i]) {
                return i;
            }
        }
        return cap;
    }

    private static int lowestActive(boolean[] active, int layers) {
        for (int i = 0; i < layers; i++) {
            if (active[i]) {
                return i;
            }
        }
        return 0;
    }
}
