package dev.parley.media.cc;

/**
 * A deliberately simple receive-side bandwidth estimate for REMB (draft-alvestrand-rmcat-remb-03), the
 * fallback when a sender did not negotiate transport-cc. Once per interval the caller hands in the loss
 * it measured; the estimate is derived from the bitrate that actually arrived:
 *
 * <ul>
 *   <li>loss under 2%: the path carries what arrives and probably more, so allow 1.5 times the incoming
 *       bitrate, which lets the sender's own (loss-based) estimator ramp step by step;
 *   <li>loss from 2% to 10%: hold the previous estimate;
 *   <li>loss over 10%: back off to {@code incoming × (1 − loss / 2)} (the loss-based decrease of
 *       draft-ietf-rmcat-gcc-02 §6).
 * </ul>
 *
 * The result stays within [{@code minBitsPerSecond}, {@code maxBitsPerSecond}]. There is no delay-based
 * part: a receiver without per-packet send times (abs-send-time) cannot see queues build, so this is
 * weaker than transport-cc and only meant to keep REMB-only senders from staying at their start rate.
 * Allocation-free; not thread-safe.
 */
public final class ReceiveSideEstimate {
    private static final double LOW_LOSS = 0.02;
    private static final double HIGH_LOSS = 0.10;
    private static final double HEADROOM = 1.5;
    /** A shorter window (the first one may be) measures too few packets: keep counting. */
    static final long MIN_WINDOW_MICROS = 500_000;

    private final long minBitsPerSecond;
    private final long maxBitsPerSecond;
    private long bytes;
    private long windowStartMicros = Long.MIN_VALUE;
    private long estimate;

    /**
     * @param minBitsPerSecond the lowest estimate ever sent
     * @param maxBitsPerSecond the cap (for example the most a publisher's profile may need)
     * @param initialBitsPerSecond the estimate before anything was measured
     */
    public ReceiveSideEstimate(long minBitsPerSecond, long maxBitsPerSecond, long initialBitsPerSecond) {
        if (minBitsPerSecond <= 0 || maxBitsPerSecond < minBitsPerSecond) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + minBitsPerSecond + ", " + maxBitsPerSecond);
        }
        this.minBitsPerSecond = minBitsPerSecond;
        this.maxBitsPerSecond = maxBitsPerSecond;
        this.estimate = clamp(initialBitsPerSecond);
    }

    /** Counts one received packet of {@code length} bytes (the whole RTP packet) at {@code nowMicros}. */
    public void onPacket(int length, long nowMicros) {
        if (windowStartMicros == Long.MIN_VALUE) {
            windowStartMicros = nowMicros;
        }
        bytes += length;
    }

    /**
     * Closes the measuring window at {@code nowMicros} and updates the estimate.
     *
     * @param lossFraction packets lost in the window as a fraction 0..1 (e.g. RTCP's fraction lost / 256)
     * @return the new estimate in bits/s; unchanged if nothing arrived yet or the window is shorter than
     *     half a second (it then goes on counting)
     */
    public long update(long nowMicros, double lossFraction) {
        if (windowStartMicros == Long.MIN_VALUE || nowMicros - windowStartMicros < MIN_WINDOW_MICROS) {
            return estimate;
        }
        double incoming = bytes * 8.0 * 1_000_000 / (nowMicros - windowStartMicros);
        bytes = 0;
        windowStartMicros = nowMicros;
        if (lossFraction < LOW_LOSS) {
            estimate = clamp((long) (incoming * HEADROOM));
        } else if (lossFraction > HIGH_LOSS) {
            estimate = clamp((long) (incoming * (1 - lossFraction / 2)));
        }
        return estimate;
    }

    /** The current estimate in bits/s. */
    public long bitsPerSecond() {
        return estimate;
    }

    private long clamp(long bps) {
        return Math.max(minBitsPerSecond, Math.min(maxBitsPerSecond, bps));
    }
}
