package dev.parley.media.rtp;

/**
 * 16-bit RTP sequence number arithmetic: serial-number comparison (RFC 1982 §3.2, as RFC 3550
 * Appendix A.1 uses it) and unwrapping to a monotonic 64-bit count.
 *
 * <p>Two numbers exactly 2^15 apart are ambiguous: neither is newer than the other.
 */
public final class RtpSequenceNumbers {
    private RtpSequenceNumbers() {
    }

    /**
     * Signed distance from {@code from} to {@code to} in {@code [-32768, 32767]}: positive when
     * {@code to} is ahead. Only the low 16 bits of each argument count.
     */
    public static int distance(int from, int to) {
        return (short) (to - from);
    }

    /** True if {@code a} is strictly ahead of {@code b} in serial-number order. */
    public static boolean isNewer(int a, int b) {
        int d = distance(b, a);
        return d > 0;
    }

    /**
     * Orders {@code a} and {@code b} in serial-number order: negative, zero or positive as {@code a}
     * is behind, equal to or ahead of {@code b}. Not transitive over the whole ring; sort only
     * numbers within a half-window (2^15) of each other.
     */
    public static int compare(int a, int b) {
        return Integer.signum(distance(b, a));
    }

    /** {@code seq + delta} modulo 2^16. */
    public static int add(int seq, int delta) {
        return (seq + delta) & 0xFFFF;
    }

    /**
     * Turns a stream of 16-bit sequence numbers into 64-bit ones that keep counting across wraps
     * (RFC 3550 Appendix A.1 keeps the cycle count in the high bits the same way).
     *
     * <p>Each number is placed at the nearest position to the previous one, so reordering within
     * half the ring unwraps correctly; a number older than the first one seen comes out below it and
     * may be negative. Not thread-safe.
     */
    public static final class Unwrapper {
        private boolean started;
        private long last;

        /** The 64-bit extension of {@code seq} (only its low 16 bits count). */
        public long unwrap(int seq) {
            if (!started) {
                started = true;
                last = seq & 0xFFFF;
                return last;
            }
            last += distance((int) last, seq);
            return last;
        }

        /** The last unwrapped value (0 before the first); see {@link #started()}. */
        public long last() {
            return last;
        }

        /** True once a first number was unwrapped. */
        public boolean started() {
            return started;
        }

        /** Returns to the initial state. */
        public void reset() {
            started = false;
            last = 0;
        }
    }
}
