package dev.parley.sfu.uplink;

import dev.parley.sfu.TrackSource;
/**
 * The last N packets of one published track, kept to answer subscribers' NACKs (RFC 4585 §6.2.1).
 *
 * <p>Slots are allocated once; storing a packet copies it into the slot for its sequence number, so the
 * packet path allocates nothing. Packets are stored in normalised form (12-byte RTP header without
 * CSRCs or extensions, then the payload), the form every subscription rewrites from. The one header
 * extension a subscription re-emits, the RFC 6464 audio level, is kept beside the slot. SFU thread only.
 */
public final class RetransmissionBuffer {
    public static final int SLOT_BYTES = TrackSource.SLOT_BYTES;

    private final byte[][] slots;
    private final int[] lengths;
    private final int[] seqs;
    private final short[] audioLevels; // RFC 6464 §3 byte, or -1: kept apart so slots stay normalised
    private final int mask;

    /** @param capacity a power of two: how many packets are kept */
    RetransmissionBuffer(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new byte[capacity][SLOT_BYTES];
        lengths = new int[capacity];
        seqs = new int[capacity];
        audioLevels = new short[capacity];
        mask = capacity - 1;
        java.util.Arrays.fill(seqs, -1);
    }

    /** Whether the packet with this sequence number is already stored (a duplicate or retransmission). */
    boolean contains(int seq) {
        return seqs[seq & mask] == seq;
    }

    /**
     * Reserves the slot for {@code seq}; the caller writes at most {@link #SLOT_BYTES} bytes into
     * {@link #slot(int)} and then calls {@link #commit}.
     */
    byte[] slot(int seq) {
        int i = seq & mask;
        seqs[i] = -1;
        return slots[i];
    }

    void commit(int seq, int length) {
        commit(seq, length, -1);
    }

    /** @param audioLevel the packet's RFC 6464 §3 byte (0..255), or -1 when it carried none */
    void commit(int seq, int length, int audioLevel) {
        int i = seq & mask;
        seqs[i] = seq;
        lengths[i] = length;
        audioLevels[i] = (short) audioLevel;
    }

    /** Length of the stored packet {@code seq}, or -1 if it is not (or no longer) stored. */
    int length(int seq) {
        int i = seq & mask;
        return seqs[i] == seq ? lengths[i] : -1;
    }

    /** The RFC 6464 byte stored with packet {@code seq}, or -1 if it had none or is not stored. */
    int audioLevel(int seq) {
        int i = seq & mask;
        return seqs[i] == seq ? audioLevels[i] : -1;
    }

    byte[] stored(int seq) {
        return slots[seq & mask];
    }
}
