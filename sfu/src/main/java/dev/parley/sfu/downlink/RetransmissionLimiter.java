package dev.parley.sfu.downlink;

/**
 * How often one packet may be resent to one subscriber. A receiver NACKs a missing packet again every
 * round trip until it arrives (RFC 4585 §3.5.3 leaves the repetition to it); on a congested link the resent
 * copies are lost too, and answering every repetition multiplies the load that caused the loss. So a
 * packet is resent at most {@link #MAX_RESENDS} times, no sooner than one round trip after the previous
 * copy. A fixed table indexed by sequence number: no allocation per NACK. SFU thread only.
 */
final class RetransmissionLimiter {
    static final int MAX_RESENDS = 3;
    private static final int SLOTS = 1024; // the video retransmission buffer's size

    private final int[] seqs = new int[SLOTS];
    private final long[] lastMs = new long[SLOTS];
    private final byte[] counts = new byte[SLOTS];

    RetransmissionLimiter() {
        java.util.Arrays.fill(seqs, -1);
    }

    /** Whether packet {@code seq} may be resent now; if so, counts the resend. */
    boolean allow(int seq, long nowMs, long minSpacingMs) {
        int i = seq & (SLOTS - 1);
        if (seqs[i] != seq) {
            seqs[i] = seq;
            counts[i] = 0;
        } else if (counts[i] >= MAX_RESENDS || nowMs - lastMs[i] < minSpacingMs) {
            return false;
        }
        counts[i]++;
        lastMs[i] = nowMs;
        return true;
    }
}
