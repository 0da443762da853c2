package dev.parley.sfu.downlink;

import dev.parley.media.rtp.RtpSequenceNumbers;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sequence numbers and timestamps a subscriber sees: offsets from those of the layer forwarded now,
 * chosen when forwarding starts and again at each layer switch so that the subscriber's stream continues
 * as if one encoder had sent it. SFU thread only, per packet: allocates nothing.
 */
final class OutputNumbering {
    /** What {@link #classify} says of an incoming sequence number. */
    enum Arrival { NEWEST, LATE, BEFORE_START }

    private final int clockRate;
    private int seqOffset;
    private long tsOffset;
    private long highestInExt;
    private long firstInExt;
    private int lastOutSeq;
    private long lastOutTs;
    private long lastOutMs;
    private int segmentFirstOutSeq;

    OutputNumbering(int clockRate) {
        this.clockRate = clockRate;
    }

    /**
     * Forwarding starts, or switches to another layer, at packet {@code inSeq}/{@code inTs}. The first start
     * picks random bases (RFC 3550 §5.1); a switch continues right after what the subscriber last got: the
     * next sequence number, and a timestamp advanced by the wallclock time since (layers have unrelated
     * timestamp bases).
     */
    void start(boolean first, int inSeq, long inTs, long nowMs) {
        highestInExt = 0x10000L + inSeq; // extended numbers stay positive even for older packets
        firstInExt = highestInExt;
        if (first) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            seqOffset = r.nextInt(0x10000) - inSeq;
            tsOffset = r.nextLong(0x100000000L) - inTs;
        } else {
            seqOffset = lastOutSeq + 1 - inSeq;
            long elapsed = Math.max(1, (nowMs - lastOutMs) * clockRate / 1000);
            tsOffset = lastOutTs + elapsed - inTs;
        }
        segmentFirstOutSeq = outSeq(inSeq);
    }

    /**
     * Where {@code inSeq} of the current layer stands. Unwrapped against the newest packet, not the first:
     * a stream outlives half the sequence space.
     */
    Arrival classify(int inSeq) {
        long ext = highestInExt + RtpSequenceNumbers.distance((int) highestInExt, inSeq);
        if (ext < firstInExt) {
            return Arrival.BEFORE_START;
        }
        if (ext <= highestInExt) {
            return Arrival.LATE;
        }
        highestInExt = ext;
        return Arrival.NEWEST;
    }

    /** The newest packet was sent at {@code nowMs}: what a later switch continues from. */
    void sentNewest(int inSeq, long inTs, long nowMs) {
        lastOutSeq = outSeq(inSeq);
        lastOutTs = outTs(inTs);
        lastOutMs = nowMs;
    }

    int outSeq(int inSeq) {
        return (inSeq + seqOffset) & 0xFFFF;
    }

    long outTs(long inTs) {
        return (inTs + tsOffset) & 0xFFFFFFFFL;
    }

    /** The current layer's sequence number behind the subscriber's {@code outSeq}. */
    int inSeq(int outSeq) {
        return (outSeq - seqOffset) & 0xFFFF;
    }

    /** Whether {@code outSeq} was sent since the current layer started (earlier ones were another layer's). */
    boolean inCurrentSegment(int outSeq) {
        return RtpSequenceNumbers.distance(segmentFirstOutSeq, outSeq & 0xFFFF) >= 0;
    }

    long lastOutTs() {
        return lastOutTs;
    }
}
