package dev.parley.media.cc;

import dev.parley.media.rtp.RtpSequenceNumbers;
import java.util.Arrays;

/**
 * The packets sent on one transport, by transport-wide sequence number
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), so that feedback, which names packets only
 * by that number, can be matched with their send time, size and probe cluster.
 *
 * <p>A ring of {@value #CAPACITY} slots indexed by the unwrapped sequence number: the oldest packets
 * are overwritten, nothing is allocated after construction. A lookup finds a slot only if it still
 * holds exactly that packet, so feedback for packets never sent, too old, or from before a wrap finds
 * nothing. Each slot also remembers what feedback said about it, so that duplicates and repeated
 * reports are counted once. Not thread-safe.
 */
final class SentPacketHistory {
    /** Slots: 2^14 packets, tens of seconds at the rates a subscriber downlink carries. */
    static final int CAPACITY = 1 << 14;
    private static final int MASK = CAPACITY - 1;
    private static final long EMPTY = Long.MIN_VALUE;

    /** Feedback has not mentioned the packet yet. */
    static final byte UNREPORTED = 0;
    /** Feedback reported the packet as not received (it may still be reported received later). */
    static final byte REPORTED_LOST = 1;
    /** Feedback reported the packet as received: any later report of it is a duplicate. */
    static final byte RECEIVED = 2;

    private final long[] unwrappedSeq = new long[CAPACITY];
    private final long[] sendTimeMicros = new long[CAPACITY];
    private final char[] size = new char[CAPACITY];
    private final int[] probeCluster = new int[CAPACITY];
    private final byte[] state = new byte[CAPACITY];
    private boolean started;
    private long highest;

    SentPacketHistory() {
        Arrays.fill(unwrappedSeq, EMPTY);
    }

    /** Records a sent packet; {@code seq} is 16-bit and is unwrapped against the highest one sent. */
    void add(int seq, int sizeBytes, long sendTime, int cluster) {
        long u;
        if (!started) {
            started = true;
            u = seq & 0xFFFF;
        } else {
            u = highest + RtpSequenceNumbers.distance((int) highest, seq);
        }
        highest = Math.max(highest, u);
        int slot = (int) (u & MASK);
        unwrappedSeq[slot] = u;
        sendTimeMicros[slot] = sendTime;
        size[slot] = (char) Math.max(0, Math.min(0xFFFF, sizeBytes));
        probeCluster[slot] = cluster < 0 ? -1 : cluster;
        state[slot] = UNREPORTED;
    }

    /** The slot holding the packet sent with 16-bit sequence number {@code seq}, or -1 if none does. */
    int find(int seq) {
        if (!started) {
            return -1;
        }
        long u = highest + RtpSequenceNumbers.distance((int) highest, seq);
        if (u > highest || highest - u >= CAPACITY) {
            return -1; // never sent yet, or overwritten
        }
        int slot = (int) (u & MASK);
        return unwrappedSeq[slot] == u ? slot : -1;
    }

    long sendTime(int slot) {
        return sendTimeMicros[slot];
    }

    int size(int slot) {
        return size[slot];
    }

    /** The probe cluster id, or -1 for a packet that was not part of a probe. */
    int cluster(int slot) {
        return probeCluster[slot];
    }

    byte state(int slot) {
        return state[slot];
    }

    void setState(int slot, byte newState) {
        state[slot] = newState;
    }
}
