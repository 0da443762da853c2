package dev.parley.sfu.uplink;

import dev.parley.sfu.TrackSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The last N packets of one published track, kept to answer subscribers' NACKs (RFC 4585 §6.2.1).
 *
 * <p>Slots are allocated once; storing a packet copies it into the slot for its sequence number, so the
 * packet path allocates nothing. Packets are stored in normalised form (12-byte RTP header without
 * CSRCs or extensions, then the payload), the form every subscription rewrites from. The one header
 * extension a subscription re-emits, the RFC 6464 audio level, is kept beside the slot. Written on the SFU
 * thread only; {@link #copy} may be called on any thread (a subscription answering a NACK on its own media
 * loop): each slot carries a version, odd while it is being written, and a copy that saw it change is
 * thrown away (a sequence lock, so the writer never waits).
 */
public final class RetransmissionBuffer {
    public static final int SLOT_BYTES = TrackSource.SLOT_BYTES;

    private final byte[][] slots;
    private final int[] lengths;
    private final int[] seqs;
    private final short[] audioLevels; // RFC 6464 §3 byte, or -1: kept apart so slots stay normalised
    /** Per slot: even when the slot holds a whole packet, odd while it is being written. */
    private final int[] versions;
    private static final VarHandle VERSION = MethodHandles.arrayElementVarHandle(int[].class);
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
        versions = new int[capacity];
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
        int v = versions[i];
        if ((v & 1) == 0) {
            VERSION.setOpaque(versions, i, v + 1);
            VarHandle.storeStoreFence(); // the odd version is seen before any byte of the new packet
        }
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
        VERSION.setRelease(versions, i, (versions[i] | 1) + 1); // the packet, then the even version
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

    /**
     * Copies stored packet {@code seq} into {@code dest} (at least {@link #SLOT_BYTES} long). Any thread.
     *
     * @return {@code length | (audioLevel + 1) << 16} ({@link TrackSource#copyStored}), or -1 when the packet is
     *     not stored, or was overwritten while it was copied
     */
    int copy(int seq, byte[] dest) {
        int i = seq & mask;
        int before = (int) VERSION.getAcquire(versions, i);
        if ((before & 1) != 0 || seqs[i] != seq) {
            return -1;
        }
        int length = lengths[i];
        int level = audioLevels[i];
        if (length < 0 || length > SLOT_BYTES) {
            return -1;
        }
        System.arraycopy(slots[i], 0, dest, 0, length);
        VarHandle.loadLoadFence(); // every read above happens before the version is read again
        if ((int) VERSION.getOpaque(versions, i) != before) {
            return -1;
        }
        return length | (level + 1) << 16;
    }
}
