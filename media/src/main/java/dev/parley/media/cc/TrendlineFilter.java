package dev.parley.media.cc;

/**
 * Estimates whether queuing delay grows, from the inter-group delay variations of
 * {@link InterGroupDelay}: the slope of a least-squares line through the last {@value #WINDOW}
 * points (arrival time, smoothed accumulated delay).
 *
 * <p>draft-ietf-rmcat-gcc-02 §5.3 specifies a Kalman filter for this step; like libwebrtc's current
 * GCC, we use a trendline instead: it reacts to a growing queue as quickly, and is far less sensitive
 * to the jitter of bursty video and to a single late group. The slope is scaled by the number of
 * samples (up to {@value #MIN_DELTAS_FOR_FULL_GAIN}) and by {@value #GAIN} so that it can be compared
 * with the over-use detector's threshold in milliseconds (§5.4). Allocation-free; not thread-safe.
 */
final class TrendlineFilter {
    static final int WINDOW = 20;
    static final double SMOOTHING = 0.9;
    static final double GAIN = 4.0;
    static final int MIN_DELTAS_FOR_FULL_GAIN = 60;
    private static final int MAX_DELTAS = 1000;

    private final double[] xs = new double[WINDOW];
    private final double[] ys = new double[WINDOW];
    private int size;
    private int head;
    private long firstArrival;
    private int deltas;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private double trend;

    /**
     * Adds one delay variation and returns the modified trend (ms), the value the detector compares
     * with its threshold.
     *
     * @param delayVariationMs arrival delta minus send delta of two groups
     * @param arrivalMicros    arrival time of the later group
     */
    double update(double delayVariationMs, long arrivalMicros) {
        if (deltas == 0 && size == 0) {
            firstArrival = arrivalMicros;
        }
        deltas = Math.min(deltas + 1, MAX_DELTAS);
        accumulatedDelayMs += delayVariationMs;
        smoothedDelayMs = SMOOTHING * smoothedDelayMs + (1 - SMOOTHING) * accumulatedDelayMs;
        xs[head] = (arrivalMicros - firstArrival) / 1000.0;
        ys[head] = smoothedDelayMs;
        head = (head + 1) % WINDOW;
        size = Math.min(size + 1, WINDOW);
        if (size == WINDOW) {
            double slope = slope();
            if (Double.isFinite(slope)) {
                trend = slope;
            }
        }
        return modifiedTrend();
    }

    private double slope() {
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < size; i++) {
            sumX += xs[i];
            sumY += ys[i];
        }
        double meanX = sumX / size;
        double meanY = sumY / size;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < size; i++) {
            double dx = xs[i] - meanX;
            numerator += dx * (ys[i] - meanY);
            denominator += dx * dx;
        }
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** The slope scaled for comparison with the detector's threshold. */
    double modifiedTrend() {
        return Math.min(deltas, MIN_DELTAS_FOR_FULL_GAIN) * trend * GAIN;
    }

    /** The raw slope (ms of delay per ms of time). */
    double trend() {
        return trend;
    }

    int deltaCount() {
        return deltas;
    }

    void reset() {
        size = 0;
        head = 0;
        deltas = 0;
        accumulatedDelayMs = 0;
        smoothedDelayMs = 0;
        trend = 0;
    }
}
