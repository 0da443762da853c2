package dev.parley.media.cc;

/**
 * Where the last congestion happened: a running average of the acknowledged bitrate at each
 * over-use, and its spread (draft-ietf-rmcat-gcc-02 §5.5: "the average and standard deviation of the
 * bitrates measured in the Decrease state"). Near it the rate control increases additively; once the
 * acknowledged bitrate leaves the band of three standard deviations the path changed and the average
 * is forgotten. Values in kbit/s, as the variance normalisation assumes. Not thread-safe.
 */
final class LinkCapacityEstimate {
    private static final double SMOOTHING = 0.05;
    private static final double MIN_DEVIATION = 0.4;
    private static final double MAX_DEVIATION = 2.5;

    private double estimateKbps = -1;
    private double deviation = MIN_DEVIATION;

    boolean known() {
        return estimateKbps >= 0;
    }

    void onOveruse(long ackedBps) {
        double sample = ackedBps / 1000.0;
        if (estimateKbps < 0) {
            estimateKbps = sample;
        } else {
            estimateKbps = (1 - SMOOTHING) * estimateKbps + SMOOTHING * sample;
        }
        double error = estimateKbps - sample;
        double norm = Math.max(estimateKbps, 1.0);
        deviation = (1 - SMOOTHING) * deviation + SMOOTHING * error * error / norm;
        deviation = Math.max(MIN_DEVIATION, Math.min(MAX_DEVIATION, deviation));
    }

    /** The average in bits/s; meaningful only if {@link #known()}. */
    long bps() {
        return (long) (estimateKbps * 1000);
    }

    long upperBoundBps() {
        return known() ? (long) ((estimateKbps + 3 * spreadKbps()) * 1000) : Long.MAX_VALUE;
    }

    long lowerBoundBps() {
        return known() ? (long) (Math.max(0, estimateKbps - 3 * spreadKbps()) * 1000) : 0;
    }

    private double spreadKbps() {
        return Math.sqrt(deviation * estimateKbps);
    }

    void reset() {
        estimateKbps = -1;
        deviation = MIN_DEVIATION;
    }
}
