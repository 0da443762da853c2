package dev.parley.media.cc;

/**
 * The over-use detector of draft-ietf-rmcat-gcc-02 §5.4: compares the delay trend with an adaptive
 * threshold {@code del_var_th}.
 *
 * <p>Over-use is signalled only when the trend stayed above the threshold for more than
 * {@value #OVERUSE_TIME_MS} ms, over more than one sample, and is not falling (§5.4
 * {@code overuse_time_th}); under-use when it is below the negative threshold; normal otherwise.
 *
 * <p>The threshold follows {@code del_var_th(i) = del_var_th(i-1) + Δt · K(i) · (|m(i)| - del_var_th(i-1))}
 * (§5.4), with {@code K} = {@value #K_UP} when |m| exceeds it and {@value #K_DOWN} otherwise, clamped
 * to [6, 600] ms; a sample more than 15 ms beyond the threshold does not move it, so a sudden large
 * delay (a route change) is not learnt as normal. The gains are those tuned for the trendline estimate
 * (see {@link TrendlineFilter}) rather than the draft's values for its Kalman filter. Not thread-safe.
 */
final class OveruseDetector {
    static final double K_UP = 0.0087;
    static final double K_DOWN = 0.039;
    static final double OVERUSE_TIME_MS = 10;
    static final double INITIAL_THRESHOLD_MS = 12.5;
    static final double MIN_THRESHOLD_MS = 6;
    static final double MAX_THRESHOLD_MS = 600;
    private static final double MAX_ADAPT_OFFSET_MS = 15;
    private static final long MAX_TIME_DELTA_MICROS = 100_000;

    private double threshold = INITIAL_THRESHOLD_MS;
    private long lastUpdateMicros = Long.MIN_VALUE;
    private double timeOverUsingMs = -1;
    private int overuseCount;
    private double previousTrend;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    /**
     * Updates the hypothesis with one trend sample.
     *
     * @param modifiedTrend the scaled trend from {@link TrendlineFilter#modifiedTrend()}
     * @param trend         the raw slope, to see whether it still rises
     * @param sendDeltaMs   send time between the two groups the sample came from
     * @param nowMicros     the sample's (receiver clock) arrival time
     * @param samples       deltas the trendline has seen; fewer than 2 says nothing yet
     */
    BandwidthUsage detect(double modifiedTrend, double trend, double sendDeltaMs, long nowMicros, int samples) {
        if (samples < 2) {
            state = BandwidthUsage.NORMAL;
            return state;
        }
        if (modifiedTrend > threshold) {
            timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
            overuseCount++;
            if (timeOverUsingMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= previousTrend) {
                timeOverUsingMs = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (modifiedTrend < -threshold) {
            timeOverUsingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            timeOverUsingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(modifiedTrend, nowMicros);
        return state;
    }

    private void adaptThreshold(double modifiedTrend, long nowMicros) {
        if (lastUpdateMicros == Long.MIN_VALUE) {
            lastUpdateMicros = nowMicros;
        }
        double magnitude = Math.abs(modifiedTrend);
        if (magnitude > threshold + MAX_ADAPT_OFFSET_MS || !Double.isFinite(magnitude)) {
            lastUpdateMicros = nowMicros;
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        long dt = Math.max(0, Math.min(nowMicros - lastUpdateMicros, MAX_TIME_DELTA_MICROS));
        threshold += k * (magnitude - threshold) * (dt / 1000.0);
        threshold = Math.max(MIN_THRESHOLD_MS, Math.min(MAX_THRESHOLD_MS, threshold));
        lastUpdateMicros = nowMicros;
    }

    BandwidthUsage state() {
        return state;
    }

    double thresholdMs() {
        return threshold;
    }

    /** Forgets the hypothesis (after the arrival times started over); the learnt threshold stays. */
    void reset() {
        timeOverUsingMs = -1;
        overuseCount = 0;
        previousTrend = 0;
        lastUpdateMicros = Long.MIN_VALUE;
        state = BandwidthUsage.NORMAL;
    }
}
