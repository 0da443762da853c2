package dev.parley.sfu.uplink;

/**
 * Reception statistics of one incoming RTP stream, as a receiver report needs them (RFC 3550 §6.4.1,
 * Appendix A.3 for loss, A.8 for interarrival jitter). SFU thread only.
 */
final class ReceiveStatistics {
    private final int clockRate;
    private boolean started;
    private long baseSeq;
    private long maxSeq; // extended: cycles << 16 | seq
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSrNtpMiddle;
    private long lastSrArrivalMillis;

    ReceiveStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    /** Records one packet (not a retransmission) with its RTP timestamp and arrival time. */
    void onPacket(int seq, long rtpTimestamp, long arrivalMillis) {
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            long cycles = maxSeq & ~0xFFFFL;
            int maxLow = (int) (maxSeq & 0xFFFF);
            int delta = (seq - maxLow) & 0xFFFF;
            if (delta < 0x8000) {
                // In order (possibly with a gap); wrap adds a cycle (RFC 3550 A.1).
                if (seq < maxLow) {
                    cycles += 0x10000;
                }
                maxSeq = cycles | seq;
            }
        }
        received++;
        // A.8: transit time in timestamp units; jitter smoothed with gain 1/16.
        long arrivalTs = arrivalMillis * clockRate / 1000;
        long transit = arrivalTs - rtpTimestamp;
        if (haveTransit) {
            // A.8 takes the difference in 32-bit arithmetic: RTP timestamps start at a random value
            // (§5.1) and wrap, which must not look like a 2^32 jump in transit time.
            long d = Math.abs((long) (int) (transit - lastTransit));
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    void onSenderReport(long ntpTimestamp, long arrivalMillis) {
        lastSrNtpMiddle = (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
        lastSrArrivalMillis = arrivalMillis;
    }

    boolean started() {
        return started;
    }

    long extendedHighestSeq() {
        return maxSeq & 0xFFFFFFFFL;
    }

    /** Cumulative number of packets lost (RFC 3550 A.3), clamped to the field's 24-bit signed range. */
    int cumulativeLost() {
        long expected = maxSeq - baseSeq + 1;
        long lost = expected - received;
        return (int) Math.max(-0x800000, Math.min(0x7FFFFF, lost));
    }

    /** Fraction lost since the previous call, in 1/256 units (RFC 3550 A.3); advances the interval. */
    int fractionLostAndAdvance() {
        long expected = maxSeq - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    long jitter() {
        return (long) jitter;
    }

    /** LSR field: the middle 32 bits of the last SR's NTP timestamp. */
    long lastSrNtpMiddle() {
        return lastSrNtpMiddle;
    }

    /** DLSR field: delay since the last SR in 1/65536 s, or 0 when no SR was received. */
    long delaySinceLastSr(long nowMillis) {
        if (lastSrArrivalMillis == 0) {
            return 0;
        }
        return ((nowMillis - lastSrArrivalMillis) * 65536 / 1000) & 0xFFFFFFFFL;
    }
}
