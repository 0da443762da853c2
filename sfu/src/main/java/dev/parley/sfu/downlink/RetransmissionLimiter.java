package dev.parley.sfu.downlink;

/**
 * How often one packet may be resent to one subscriber. A receiver NACKs a missing packet again every
 * round trip until it arrives (RFC 4585 §3.5.3 leaves the repetition to it); on a congested link the resent
 * copies are lost too, and answering every repetition multiplies the load that caused the loss. So a
 * packet is resent at most {@link #MAX_RESENDS} times, no sooner than one round trip after the previous
 * copy. A fixed table indexed by sequence number: no allocation per NACK. The subscription's media loop.
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

    /**
     * Whether packet {@code seq} may be resent now. Only a copy that was sent counts ({@link #resent}): a NACK
     * the budget refused, or for a packet not yet stored (lost on the publisher's side too), uses up nothing.
     */
    boolean mayResend(int seq, long nowMs, long minSpacingMs) {
        int i = seq & (SLOTS - 1);
        return seqs[i] != seq || (counts[i] < MAX_RESENDS && nowMs - lastMs[i] >= minSpacingMs);
    }

    /** Packet {@code seq} was resent at {@code nowMs}. */
    void resent(int seq, long nowMs) {
        int i = seq & (SLOTS - 1);
        if (seqs[i] != seq) {
            seqs[i] = seq;
            counts[i] = 0;
        }
        counts[i]++;
        lastMs[i] = nowMs;
    }
}
