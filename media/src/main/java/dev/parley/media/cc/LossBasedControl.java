package dev.parley.media.cc;

/**
 * The loss-based controller of draft-ietf-rmcat-gcc-02 §6, fed with the packets transport-cc feedback
 * reports as lost or received.
 *
 * <p>Loss is measured over windows of at least {@value #MIN_WINDOW_PACKETS} reported packets and
 * {@value #MIN_WINDOW_MICROS} µs (or any packets over {@value #MAX_WINDOW_MICROS} µs), so that a few
 * losses among few packets do not read as a high fraction. Per window (§6):
 * <ul>
 *   <li>loss above 10 %: {@code As = A × (1 − 0.5 × loss)}, A the current target, at most once per
 *       RTT + 300 ms so that one loss burst seen by several windows is not punished twice;
 *   <li>loss below 2 %: the loss-based rate may grow, 8 %/s plus 1 kbit/s per second;
 *   <li>in between: hold.
 * </ul>
 * Until the first loss it does not constrain anything (it starts at the maximum). Not thread-safe.
 */
final class LossBasedControl {
    static final double HIGH_LOSS = 0.10;
    static final double LOW_LOSS = 0.02;
    static final int MIN_WINDOW_PACKETS = 20;
    static final long MIN_WINDOW_MICROS = 500_000;
    static final long MAX_WINDOW_MICROS = 2_000_000;
    private static final long DECREASE_INTERVAL_MICROS = 300_000;
    private static final double INCREASE_PER_SECOND = 1.08;
    private static final long NONE = Long.MIN_VALUE;

    private final long minBps;
    private final long maxBps;
    private double rate;
    private int expected;
    private int lost;
    private long windowStart = NONE;
    private long lastUpdate = NONE;
    private long lastDecrease = NONE;
    private double lossFraction;
    private long rttMicros = 200_000;

    LossBasedControl(long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.rate = maxBps;
    }

    void setRtt(long rtt) {
        rttMicros = rtt;
    }

    /** A packet reported for the first time: received or lost. */
    void onReported(boolean received) {
        expected++;
        if (!received) {
            lost++;
        }
    }

    /** A packet first reported lost, then received (reordering): it was not lost after all. */
    void onRecovered() {
        if (lost > 0) {
            lost--;
        }
    }

    /**
     * Closes the window if it is long enough and moves the loss-based rate.
     *
     * @param currentTargetBps the target before this feedback, which a high loss cuts from
     */
    void update(long nowMicros, long currentTargetBps) {
        if (windowStart == NONE || nowMicros < windowStart) {
            windowStart = nowMicros;
        }
        if (lastUpdate == NONE || nowMicros < lastUpdate) {
            lastUpdate = nowMicros;
        }
        long span = nowMicros - windowStart;
        if (expected > 0 && ((expected >= MIN_WINDOW_PACKETS && span >= MIN_WINDOW_MICROS) || span >= MAX_WINDOW_MICROS)) {
            lossFraction = Math.min(1.0, (double) lost / expected);
            expected = 0;
            lost = 0;
            windowStart = nowMicros;
            if (lossFraction > HIGH_LOSS && mayDecrease(nowMicros)) {
                rate = Math.min(rate, currentTargetBps) * (1 - 0.5 * lossFraction);
                lastDecrease = nowMicros;
            }
        }
        double seconds = Math.min(1_000_000, nowMicros - lastUpdate) / 1e6;
        if (lossFraction < LOW_LOSS && seconds > 0) {
            rate = rate * Math.pow(INCREASE_PER_SECOND, seconds) + 1000 * seconds;
        }
        rate = Math.max(minBps, Math.min(maxBps, rate));
        lastUpdate = nowMicros;
    }

    private boolean mayDecrease(long now) {
        long interval = DECREASE_INTERVAL_MICROS + Math.max(0, Math.min(rttMicros, 10_000_000));
        return lastDecrease == NONE || now - lastDecrease >= interval || now < lastDecrease;
    }

    /**
     * A probe cluster got through at {@code bps}: a link that carried it without congestion carries that
     * rate, so a rate left low by an earlier loss episode moves up to it at once (as libwebrtc resets its
     * loss-based target to a probe result) unless the last window still saw high loss.
     */
    void onProbeResult(long bps) {
        if (lossFraction <= HIGH_LOSS && bps > rate) {
            rate = Math.min(maxBps, bps);
        }
    }

    long bps() {
        return (long) rate;
    }

    /** Loss in the last complete window, 0..1. */
    double lossFraction() {
        return lossFraction;
    }
}
