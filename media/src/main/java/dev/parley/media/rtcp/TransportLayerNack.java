package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.RtpSequenceNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Generic NACK (RFC 4585 §6.2.1): transport-layer feedback (PT 205, FMT 1) listing lost RTP packets of
 * {@code mediaSsrc} as (PID, BLP) pairs.
 *
 * @param senderSsrc the reporter
 * @param mediaSsrc  the source whose packets are lost
 * @param pairs      at least one pair
 */
public record TransportLayerNack(long senderSsrc, long mediaSsrc, List<NackPair> pairs) implements RtcpPacket {
    /** The FMT value of a generic NACK. */
    public static final int FMT = 1;

    public TransportLayerNack {
        RtcpHeader.checkUnsigned32("sender SSRC", senderSsrc);
        RtcpHeader.checkUnsigned32("media SSRC", mediaSsrc);
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a NACK lists at least one packet (RFC 4585 §6.2.1)");
        }
        RtcpHeader.checkLength(12 + 4 * pairs.size());
    }

    /**
     * One FCI entry: packet {@code packetId} is lost, and so is {@code packetId + i + 1} for every bit
     * {@code i} set in {@code lostBitmask} (bit 0 is the least significant).
     */
    public record NackPair(int packetId, int lostBitmask) {
        public NackPair {
            RtcpHeader.checkRange("PID", packetId, 0, 0xFFFF);
            RtcpHeader.checkRange("BLP", lostBitmask, 0, 0xFFFF);
        }

        /** Calls {@code action} with each lost sequence number, in order. */
        public void forEachLost(IntConsumer action) {
            action.accept(packetId);
            for (int bit = 0; bit < 16; bit++) {
                if ((lostBitmask & (1 << bit)) != 0) {
                    action.accept((packetId + bit + 1) & 0xFFFF);
                }
            }
        }
    }

    /**
     * Builds the shortest pair list for {@code lost} sequence numbers: duplicates are dropped and
     * numbers are sorted in serial-number order (RFC 1982) relative to the first one, so they should
     * lie within half the sequence ring (2^15) of each other.
     *
     * @throws IllegalArgumentException if {@code lost} is empty or holds a value outside 0..65535
     */
    public static TransportLayerNack of(long senderSsrc, long mediaSsrc, int... lost) {
        if (lost.length == 0) {
            throw new IllegalArgumentException("no lost packet to NACK");
        }
        int first = lost[0];
        int[] order = new int[lost.length]; // distance from the first, then sorted
        for (int i = 0; i < lost.length; i++) {
            RtcpHeader.checkRange("sequence number", lost[i], 0, 0xFFFF);
            order[i] = RtpSequenceNumbers.distance(first, lost[i]);
        }
        Arrays.sort(order);
        List<NackPair> pairs = new ArrayList<>();
        int pidDistance = 0;
        int mask = -1;
        for (int d : order) {
            if (mask >= 0 && d == pidDistance) {
                continue; // duplicate
            }
            if (mask >= 0 && d - pidDistance <= 16) {
                mask |= 1 << (d - pidDistance - 1);
                continue;
            }
            if (mask >= 0) {
                pairs.add(new NackPair(RtpSequenceNumbers.add(first, pidDistance), mask));
            }
            pidDistance = d;
            mask = 0;
        }
        pairs.add(new NackPair(RtpSequenceNumbers.add(first, pidDistance), mask));
        return new TransportLayerNack(senderSsrc, mediaSsrc, pairs);
    }

    /**
     * Parses one generic NACK occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed NACK (see {@link RtcpCompound#parse})
     */
    public static TransportLayerNack parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, TransportLayerNack.class);
    }

    /** Parses the FCI; the caller has read the two SSRCs. */
    static TransportLayerNack parseFci(long sender, long media, byte[] buf, int off, int len)
            throws MalformedPacketException {
        int count = len / 4;
        if (count == 0) {
            throw new MalformedPacketException("NACK without a PID/BLP pair");
        }
        List<NackPair> pairs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pairs.add(new NackPair(BigEndian.uint16(buf, off + 4 * i), BigEndian.uint16(buf, off + 4 * i + 2)));
        }
        return new TransportLayerNack(sender, media, pairs);
    }

    /** Calls {@code action} with every lost sequence number, pair by pair, allocating nothing. */
    public void forEachLost(IntConsumer action) {
        for (NackPair p : pairs) {
            p.forEachLost(action);
        }
    }

    /** Every lost sequence number, in wire order (duplicates possible if pairs overlap). */
    public int[] lostSequenceNumbers() {
        int n = 0;
        for (NackPair p : pairs) {
            n += 1 + Integer.bitCount(p.lostBitmask());
        }
        int[] out = new int[n];
        int[] i = {0};
        forEachLost(seq -> out[i[0]++] = seq);
        return out;
    }

    @Override
    public int packetType() {
        return RtcpHeader.RTPFB;
    }

    @Override
    public int length() {
        return 12 + 4 * pairs.size();
    }

    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        RtcpHeader.write(buf, off, false, FMT, RtcpHeader.RTPFB, n);
        BigEndian.putUint32(buf, off + 4, senderSsrc);
        BigEndian.putUint32(buf, off + 8, mediaSsrc);
        for (int i = 0; i < pairs.size(); i++) {
            BigEndian.putUint16(buf, off + 12 + 4 * i, pairs.get(i).packetId());
            BigEndian.putUint16(buf, off + 14 + 4 * i, pairs.get(i).lostBitmask());
        }
        return n;
    }
}
