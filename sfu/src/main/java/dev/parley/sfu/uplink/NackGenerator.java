package dev.parley.sfu.uplink;

import dev.parley.media.rtp.RtpSequenceNumbers;

/**
 * Finds the holes in one published stream's sequence numbers and says which to NACK when (RFC 4585
 * §6.2.1, generic NACK; the retry discipline follows RFC 4588 §3: a retransmission is worth asking for
 * only while it can still be played). A missing packet is first asked for {@code firstDelayMs} after
 * the gap is seen (a little reordering is not loss), then again every {@code retryIntervalMs} (at least
 * the round-trip time once it is known), at most {@code maxTries} times, and never once it is older than
 * {@code maxAgeMs}. A packet that arrives late or as a retransmission closes its hole.
 *
 * <p>State is a fixed ring indexed by sequence number: no allocation per packet. SFU thread only.
 */
public final class NackGenerator {
    /** Holes tracked at once; a longer gap (a restart, a long outage) is not worth NACKing packet by packet. */
    static final int CAPACITY = 512;
    /** At most this many sequence numbers go into one NACK (≤ 128 FCI entries: well under one MTU). */
    static final int MAX_PER_NACK = 128;
    /** Longer than any round trip worth retrying within a 1 s playout budget. */
    static final long MAX_RTT_MS = 1000;

    private final long firstDelayMs;
    private final long retryIntervalMs;
    private final int maxTries;
    private final long maxAgeMs;

    private final long[] missingExt = new long[CAPACITY]; // extended sequence number, or -1 when empty
    private final long[] seenAt = new long[CAPACITY];
    private final long[] lastNackAt = new long[CAPACITY];
    private final int[] tries = new int[CAPACITY];
    private int missingCount;
    private boolean started;
    private long highestExt;
    private long rttMs;
    private long nacked;
    private long recovered;
    private long abandoned;

    NackGenerator(long firstDelayMs, long retryIntervalMs, int maxTries, long maxAgeMs) {
        this.firstDelayMs = firstDelayMs;
        this.retryIntervalMs = retryIntervalMs;
        this.maxTries = maxTries;
        this.maxAgeMs = maxAgeMs;
        java.util.Arrays.fill(missingExt, -1);
    }

    /**
     * Defaults for video: first NACK 10 ms after the gap, then every 50 ms or every round trip if longer (the
     * round trip measured from earlier NACKs and their retransmissions), 8 tries, 1 s.
     */
    static NackGenerator forVideo() {
        return new NackGenerator(10, 50, 8, 1000);
    }

    /** A packet (original or retransmitted; for RTX, its original sequence number) arrived at {@code nowMs}. */
    void onPacket(int seq, long nowMs) {
        if (!started) {
            started = true;
            highestExt = (seq & 0xFFFF) + 0x10000L; // kept positive even for reordered older packets
            return;
        }
        long ext = highestExt + RtpSequenceNumbers.distance((int) highestExt, seq);
        if (ext > highestExt) {
            long gap = ext - highestExt - 1;
            if (gap >= CAPACITY) {
                clear(); // a jump, not a loss burst worth repairing packet by packet
            } else {
                for (long m = highestExt + 1; m < ext; m++) {
                    add(m, nowMs);
                }
            }
            highestExt = ext;
        } else if (ext < highestExt) {
            int slot = (int) (ext & (CAPACITY - 1));
            if (missingExt[slot] == ext) {
                missingExt[slot] = -1;
                missingCount--;
                recovered++;
                if (tries[slot] == 1) {
                    sampleRtt(nowMs - lastNackAt[slot]);
                }
            }
        }
    }

    private void add(long ext, long nowMs) {
        int slot = (int) (ext & (CAPACITY - 1));
        if (missingExt[slot] < 0) {
            missingCount++;
        } else {
            abandoned++; // the ring wrapped over an older hole
        }
        missingExt[slot] = ext;
        seenAt[slot] = nowMs;
        lastNackAt[slot] = Long.MIN_VALUE / 2;
        tries[slot] = 0;
    }

    private void clear() {
        java.util.Arrays.fill(missingExt, -1);
        missingCount = 0;
    }

    /** The round-trip time to the publisher, when known: retries are spaced at least that far apart. */
    void setRttMs(long rtt) {
        this.rttMs = Math.max(0, rtt);
    }

    /**
     * A hole NACKed exactly once and then filled measures the round trip to the publisher (NACK out,
     * retransmission back). Karn's rule (RFC 6298 §3): a hole asked for twice is ambiguous and not used.
     * Smoothed as RFC 6298 §2 smooths SRTT (gain 1/8); capped at {@link #MAX_RTT_MS}.
     */
    private void sampleRtt(long sampleMs) {
        if (sampleMs < 0) {
            return;
        }
        long sample = Math.min(MAX_RTT_MS, sampleMs);
        rttMs = rttMs == 0 ? sample : (7 * rttMs + sample) / 8;
    }

    /** The round trip measured from NACKs and their retransmissions, 0 until one was. */
    long rttMs() {
        return rttMs;
    }

    /**
     * Writes the sequence numbers to NACK now into {@code out} (oldest first) and counts them as asked;
     * drops holes that are too old or were asked for too often.
     *
     * @return how many were written (at most {@code min(out.length, MAX_PER_NACK)})
     */
    int collectDue(long nowMs, int[] out) {
        if (missingCount == 0) {
            return 0;
        }
        int limit = Math.min(out.length, MAX_PER_NACK);
        long retry = Math.max(retryIntervalMs, rttMs);
        int n = 0;
        // Oldest first: walk the window behind the highest sequence number.
        for (long ext = Math.max(0, highestExt - CAPACITY + 1); ext < highestExt && n < limit; ext++) {
            int slot = (int) (ext & (CAPACITY - 1));
            if (missingExt[slot] != ext) {
                continue;
            }
            if (nowMs - seenAt[slot] > maxAgeMs || tries[slot] >= maxTries) {
                missingExt[slot] = -1;
                missingCount--;
                abandoned++;
                continue;
            }
            boolean due = tries[slot] == 0 ? nowMs - seenAt[slot] >= firstDelayMs
                    : nowMs - lastNackAt[slot] >= retry;
            if (due) {
                tries[slot]++;
                lastNackAt[slot] = nowMs;
                out[n++] = (int) (ext & 0xFFFF);
                nacked++;
            }
        }
        return n;
    }

    /** Holes currently waiting for a packet. */
    int missing() {
        return missingCount;
    }

    /** Sequence numbers put in NACKs so far (each retry counts). */
    long nacked() {
        return nacked;
    }

    /** Holes filled after being detected (late or retransmitted packets). */
    public long recovered() {
        return recovered;
    }

    /** Holes given up (too old, too many tries, or overwritten). */
    long abandoned() {
        return abandoned;
    }
}
