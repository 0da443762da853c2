package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 * transport-layer feedback (PT 205, FMT 15) telling a sender which packets, numbered by the
 * transport-wide sequence number extension, arrived and when.
 *
 * <pre>
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |  ...
 * |         recv delta            |  recv delta   |  ...  (padding)
 * </pre>
 *
 * <p>Each packet has a status: not received, received with a small delta (1 byte, 0..63.75 ms) or
 * with a large or negative delta (2 bytes, signed). Deltas count 250 µs ticks; the first is relative to
 * the reference time (a 24-bit count of 64 ms units, wrapping), each next one to the previous arrival.
 *
 * <p>The server builds feedback with {@link #builder}; an estimator reads it with {@link #forEachPacket}.
 * Immutable; equality covers every field, not the chunk layout that {@link #write} chooses.
 */
public final class TransportLayerCc implements RtcpPacket {
    /** The FMT value of transport-wide CC feedback. */
    public static final int FMT = 15;
    /** Arrival time of a packet that was not received. */
    public static final long NOT_RECEIVED = Long.MIN_VALUE;
    /** Microseconds per receive delta tick. */
    public static final int DELTA_TICK_MICROS = 250;
    /** Microseconds per reference time unit. */
    public static final int REFERENCE_TIME_MICROS = 64_000;

    /** Status of one packet, as its 2-bit symbol (§3.1.1). */
    public enum PacketStatus { NOT_RECEIVED, RECEIVED_SMALL_DELTA, RECEIVED_LARGE_DELTA }

    /** Receives the packets of a feedback in sequence order. */
    @FunctionalInterface
    public interface PacketVisitor {
        /**
         * @param sequenceNumber    the transport-wide sequence number
         * @param arrivalTimeMicros {@link #referenceTimeMicros()} plus the deltas so far, or {@link #NOT_RECEIVED}
         */
        void visit(int sequenceNumber, long arrivalTimeMicros);
    }

    private static final PacketStatus[] STATUSES = PacketStatus.values();

    private final long senderSsrc;
    private final long mediaSsrc;
    private final int baseSequenceNumber;
    private final int referenceTime;
    private final int feedbackPacketCount;
    private final byte[] statuses;
    private final short[] deltas;
    private final int chunkCount;

    TransportLayerCc(long senderSsrc, long mediaSsrc, int baseSequenceNumber, int referenceTime,
                     int feedbackPacketCount, byte[] statuses, short[] deltas) {
        this.senderSsrc = RtcpHeader.checkUnsigned32("sender SSRC", senderSsrc);
        this.mediaSsrc = RtcpHeader.checkUnsigned32("media SSRC", mediaSsrc);
        this.baseSequenceNumber = RtcpHeader.checkRange("base sequence number", baseSequenceNumber, 0, 0xFFFF);
        this.referenceTime = RtcpHeader.checkRange("reference time", referenceTime, 0, 0xFF_FFFF);
        this.feedbackPacketCount = RtcpHeader.checkRange("feedback packet count", feedbackPacketCount, 0, 255);
        RtcpHeader.checkRange("packet status count", statuses.length, 1, 0xFFFF);
        checkDeltas(statuses, deltas);
        this.statuses = statuses;
        this.deltas = deltas;
        this.chunkCount = TwccStatusChunks.encode(statuses, null, 0);
        RtcpHeader.checkLength(length());
    }

    private static void checkDeltas(byte[] statuses, short[] deltas) {
        int d = 0;
        for (byte s : statuses) {
            if (s < 0 || s > 2) {
                throw new IllegalArgumentException("packet status " + s + " is not 0, 1 or 2");
            }
            if (s != 0) {
                if (d >= deltas.length || (s == 1 && (deltas[d] < 0 || deltas[d] > 255))) {
                    throw new IllegalArgumentException("receive delta " + d + " does not match its status");
                }
                d++;
            }
        }
        if (d != deltas.length) {
            throw new IllegalArgumentException(deltas.length + " receive deltas for " + d + " received packets");
        }
    }

    /** A builder for the feedback the server sends; see {@link TransportLayerCcBuilder}. */
    public static TransportLayerCcBuilder builder(long senderSsrc, long mediaSsrc, int feedbackPacketCount) {
        return new TransportLayerCcBuilder(senderSsrc, mediaSsrc, feedbackPacketCount);
    }

    /**
     * Parses one TWCC feedback occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not well-formed (see {@link RtcpCompound#parse})
     */
    public static TransportLayerCc parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, TransportLayerCc.class);
    }

    /**
     * Parses the FCI; the caller has read the two SSRCs. Rejects a status count of 0 (as libwebrtc
     * does), chunks or deltas running past the end and the reserved status symbol. The status array is
     * allocated only after the chunks covering it have been walked.
     */
    static TransportLayerCc parseFci(long sender, long media, byte[] buf, int off, int len)
            throws MalformedPacketException {
        if (len < 8) {
            throw new MalformedPacketException("TWCC FCI of " + len + " bytes is shorter than 8");
        }
        int count = BigEndian.uint16(buf, off + 2);
        if (count == 0) {
            throw new MalformedPacketException("TWCC feedback with a packet status count of 0");
        }
        TwccStatusChunks.Extent extent = TwccStatusChunks.measure(count, buf, off + 8, off + len);
        byte[] statuses = new byte[count];
        TwccStatusChunks.decode(buf, off + 8, statuses);
        short[] deltas = new short[extent.receivedCount()];
        int p = extent.chunksEnd();
        int d = 0;
        for (byte s : statuses) {
            if (s == 1) {
                deltas[d++] = (short) (buf[p++] & 0xFF);
            } else if (s == 2) {
                deltas[d++] = (short) BigEndian.uint16(buf, p);
                p += 2;
            }
        }
        return new TransportLayerCc(sender, media, BigEndian.uint16(buf, off), BigEndian.uint24(buf, off + 4),
                buf[off + 7] & 0xFF, statuses, deltas);
    }

    public long senderSsrc() {
        return senderSsrc;
    }

    public long mediaSsrc() {
        return mediaSsrc;
    }

    /** Transport-wide sequence number of the first packet reported. */
    public int baseSequenceNumber() {
        return baseSequenceNumber;
    }

    /** Number of packets reported, from the base on. */
    public int packetStatusCount() {
        return statuses.length;
    }

    /** The raw 24-bit reference time in 64 ms units. */
    public int referenceTime() {
        return referenceTime;
    }

    /** The reference time in microseconds, in the (wrapping) time base of the feedback's sender. */
    public long referenceTimeMicros() {
        return (long) referenceTime * REFERENCE_TIME_MICROS;
    }

    /** Sequence number of this feedback among those of its sender, modulo 256. */
    public int feedbackPacketCount() {
        return feedbackPacketCount;
    }

    /** Sequence number of the {@code index}-th packet reported. */
    public int sequenceNumber(int index) {
        return (baseSequenceNumber + index) & 0xFFFF;
    }

    /** Status of the {@code index}-th packet reported. */
    public PacketStatus status(int index) {
        return STATUSES[statuses[index]];
    }

    /** Number of packets reported as received, i.e. of receive deltas. */
    public int receivedCount() {
        return deltas.length;
    }

    /** The {@code receivedIndex}-th receive delta, in 250 µs ticks. */
    public int deltaTicks(int receivedIndex) {
        return deltas[receivedIndex];
    }

    /** Calls {@code visitor} for every packet reported, in order, allocating nothing. */
    public void forEachPacket(PacketVisitor visitor) {
        long arrival = referenceTimeMicros();
        int d = 0;
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] == 0) {
                visitor.visit(sequenceNumber(i), NOT_RECEIVED);
            } else {
                arrival += (long) deltas[d++] * DELTA_TICK_MICROS;
                visitor.visit(sequenceNumber(i), arrival);
            }
        }
    }

    /** One reported packet; see {@link #packetResults()}. */
    public record PacketResult(int sequenceNumber, long arrivalTimeMicros) {
        public boolean received() {
            return arrivalTimeMicros != NOT_RECEIVED;
        }
    }

    /** Every reported packet as a list; {@link #forEachPacket} does the same without allocating. */
    public List<PacketResult> packetResults() {
        List<PacketResult> out = new ArrayList<>(statuses.length);
        forEachPacket((seq, arrival) -> out.add(new PacketResult(seq, arrival)));
        return out;
    }

    @Override
    public int packetType() {
        return RtcpHeader.RTPFB;
    }

    private int unpaddedLength() {
        int deltaBytes = 0;
        for (byte s : statuses) {
            deltaBytes += s;
        }
        return 20 + 2 * chunkCount + deltaBytes;
    }

    @Override
    public int length() {
        return (unpaddedLength() + 3) & ~3;
    }

    /** Writes the feedback; padding to 32 bits uses the P bit and a count byte, as libwebrtc does. */
    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        int padding = n - unpaddedLength();
        RtcpHeader.write(buf, off, padding > 0, FMT, RtcpHeader.RTPFB, n);
        BigEndian.putUint32(buf, off + 4, senderSsrc);
        BigEndian.putUint32(buf, off + 8, mediaSsrc);
        BigEndian.putUint16(buf, off + 12, baseSequenceNumber);
        BigEndian.putUint16(buf, off + 14, statuses.length);
        BigEndian.putUint24(buf, off + 16, referenceTime);
        buf[off + 19] = (byte) feedbackPacketCount;
        int p = off + 20 + 2 * TwccStatusChunks.encode(statuses, buf, off + 20);
        int d = 0;
        for (byte s : statuses) {
            if (s == 1) {
                buf[p++] = (byte) deltas[d++];
            } else if (s == 2) {
                BigEndian.putUint16(buf, p, deltas[d++]);
                p += 2;
            }
        }
        if (padding > 0) {
            Arrays.fill(buf, p, off + n - 1, (byte) 0);
            buf[off + n - 1] = (byte) padding;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportLayerCc t && senderSsrc == t.senderSsrc && mediaSsrc == t.mediaSsrc
                && baseSequenceNumber == t.baseSequenceNumber && referenceTime == t.referenceTime
                && feedbackPacketCount == t.feedbackPacketCount && Arrays.equals(statuses, t.statuses)
                && Arrays.equals(deltas, t.deltas);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(senderSsrc) * 31 + Long.hashCode(mediaSsrc)) * 31 + baseSequenceNumber) * 31
                + Arrays.hashCode(statuses) * 17 + Arrays.hashCode(deltas);
    }

    @Override
    public String toString() {
        return "TransportLayerCc[sender=" + senderSsrc + ", media=" + mediaSsrc + ", base=" + baseSequenceNumber
                + ", count=" + statuses.length + ", received=" + deltas.length + ", ref=" + referenceTime
                + ", fb=" + feedbackPacketCount + "]";
    }
}
