package dev.parley.media.cc;

/**
 * The delay-based rate controller of draft-ietf-rmcat-gcc-02 §5.5: an additive-increase,
 * multiplicative-decrease state machine driven by the over-use detector's signal.
 *
 * <pre>
 *  signal \ state |  Hold      Increase   Decrease
 *  over-use       |  Decrease  Decrease   (Decrease)
 *  normal         |  Increase  Increase   Hold
 *  under-use      |  Hold      Hold       Hold
 * </pre>
 *
 * <ul>
 *   <li>Decrease: {@code A = 0.85 × R}, R the acknowledged bitrate, then Hold until the signal is
 *       normal again, so a queue can drain.
 *   <li>Increase, far from the last congestion point: multiplicative, {@code 1.08^min(Δt, 1 s)} (8 %/s).
 *   <li>Increase, within three standard deviations of it ({@link LinkCapacityEstimate}): additive,
 *       about one packet per response time ({@code 2 × (RTT + 100 ms)}).
 *   <li>An increase never goes above {@code 1.5 × R + 10 kbit/s}: a sender that does not use its
 *       estimate learns nothing about the path. An estimate already above that bound (set by a probe)
 *       is kept rather than cut: the probe measured it.
 * </ul>
 * Not thread-safe.
 */
final class AimdRateControl {
    enum State { HOLD, INCREASE, DECREASE }

    static final double BETA = 0.85;
    static final double MULTIPLICATIVE_INCREASE_PER_SECOND = 1.08;
    static final double ACKED_HEADROOM_FACTOR = 1.5;
    static final long ACKED_HEADROOM_BPS = 10_000;
    private static final long NONE = Long.MIN_VALUE;
    private static final double FRAMES_PER_SECOND = 30;
    private static final double PACKET_BITS = 1200 * 8;
    private static final long MIN_ADDITIVE_BPS_PER_SECOND = 4_000;

    private final long minBps;
    private final long maxBps;
    private final LinkCapacityEstimate link = new LinkCapacityEstimate();
    private long current;
    private State state = State.HOLD;
    private long lastChangeMicros = NONE;
    private long rttMicros = 200_000;

    AimdRateControl(long minBps, long maxBps, long startBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.current = clamp(startBps);
    }

    long bps() {
        return current;
    }

    State state() {
        return state;
    }

    void setRtt(long rtt) {
        rttMicros = rtt;
    }

    /**
     * While over-using, whether to cut again: once per RTT (10..200 ms), or at once if the estimate is
     * more than twice what arrives.
     */
    boolean timeToReduceFurther(long nowMicros, long ackedBps) {
        long interval = Math.max(10_000, Math.min(200_000, rttMicros));
        if (lastChangeMicros == NONE || nowMicros - lastChangeMicros >= interval) {
            return true;
        }
        return ackedBps > 0 && ackedBps < current / 2;
    }

    /**
     * Applies one detector signal (draft §5.5 state table).
     *
     * @param ackedBps the acknowledged bitrate, 0 if not known yet
     */
    long update(BandwidthUsage usage, long ackedBps, long nowMicros) {
        switch (usage) {
            case OVERUSING -> state = State.DECREASE;
            case NORMAL -> state = state == State.HOLD ? State.INCREASE : state;
            case UNDERUSING -> state = State.HOLD;
        }
        switch (state) {
            case HOLD -> { }
            case INCREASE -> increase(ackedBps, nowMicros);
            case DECREASE -> decrease(ackedBps, nowMicros);
        }
        return current;
    }

    private void increase(long ackedBps, long now) {
        if (ackedBps > 0 && ackedBps > link.upperBoundBps()) {
            link.reset(); // the path got better than where it last congested: ramp up quickly again
        }
        long limit = ackedBps > 0 ? (long) (ACKED_HEADROOM_FACTOR * ackedBps) + ACKED_HEADROOM_BPS : Long.MAX_VALUE;
        if (current < limit) {
            double seconds = lastChangeMicros == NONE ? 1.0
                    : Math.max(0, Math.min(1_000_000, now - lastChangeMicros)) / 1e6;
            double increase = link.known() ? additiveIncrease(seconds) : multiplicativeIncrease(seconds);
            current = clamp(Math.min(limit, current + (long) increase));
        }
        lastChangeMicros = now;
    }

    private double multiplicativeIncrease(double seconds) {
        double alpha = Math.pow(MULTIPLICATIVE_INCREASE_PER_SECOND, seconds);
        return Math.max(current * (alpha - 1), 1000 * seconds);
    }

    /** About one average packet per response time (draft §5.5, additive increase). */
    private double additiveIncrease(double seconds) {
        double frameBits = current / FRAMES_PER_SECOND;
        double packetsPerFrame = Math.max(1, Math.ceil(frameBits / PACKET_BITS));
        double packetBits = frameBits / packetsPerFrame;
        double responseSeconds = 2 * (Math.max(0, Math.min(rttMicros, 10_000_000)) + 100_000) / 1e6;
        return Math.max(MIN_ADDITIVE_BPS_PER_SECOND, packetBits / responseSeconds) * seconds;
    }

    private void decrease(long ackedBps, long now) {
        long decreased = (long) (BETA * (ackedBps > 0 ? ackedBps : current));
        if (decreased > current && link.known()) {
            decreased = (long) (BETA * link.bps()); // never increase while over-using
        }
        if (decreased < current) {
            current = clamp(decreased);
        }
        if (ackedBps > 0) {
            if (ackedBps < link.lowerBoundBps()) {
                link.reset(); // the path got worse than where it last congested
            }
            link.onOveruse(ackedBps);
        }
        state = State.HOLD; // draft §5.5: hold after a decrease until the queue has drained
        lastChangeMicros = now;
    }

    /** Sets the estimate from a probe result. */
    void setEstimate(long bps, long nowMicros) {
        current = clamp(bps);
        lastChangeMicros = nowMicros;
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
