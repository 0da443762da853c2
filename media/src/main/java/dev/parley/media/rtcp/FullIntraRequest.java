package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * Full intra request, FIR (RFC 5104 §4.3.1): payload-specific feedback (PT 206, FMT 4) asking each
 * listed media sender for a decoder refresh point. The media SSRC field of the common header is
 * unused and written as 0 (RFC 5104 §4.3.1.2); the targets are in the FCI entries.
 *
 * @param senderSsrc the requester
 * @param entries    at least one target and its command sequence number
 */
public record FullIntraRequest(long senderSsrc, List<Entry> entries) implements RtcpPacket {
    /** The FMT value of a FIR. */
    public static final int FMT = 4;

    public FullIntraRequest {
        RtcpHeader.checkUnsigned32("sender SSRC", senderSsrc);
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a FIR names at least one media sender (RFC 5104 §4.3.1.2)");
        }
        RtcpHeader.checkLength(12 + 8 * entries.size());
    }

    /**
     * One FCI entry (RFC 5104 §4.3.1.1).
     *
     * @param ssrc           the media sender asked for a refresh
     * @param sequenceNumber command sequence number, 0..255, incremented per new request (a repeat
     *                       of the same request keeps it)
     */
    public record Entry(long ssrc, int sequenceNumber) {
        public Entry {
            RtcpHeader.checkUnsigned32("SSRC", ssrc);
            RtcpHeader.checkRange("FIR sequence number", sequenceNumber, 0, 255);
        }
    }

    /**
     * Parses one FIR occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed FIR (see {@link RtcpCompound#parse})
     */
    public static FullIntraRequest parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, FullIntraRequest.class);
    }

    static FullIntraRequest parseFci(long sender, byte[] buf, int off, int len) throws MalformedPacketException {
        int count = len / 8;
        if (count == 0) {
            throw new MalformedPacketException("FIR without an FCI entry");
        }
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(BigEndian.uint32(buf, off + 8 * i), buf[off + 8 * i + 4] & 0xFF));
        }
        return new FullIntraRequest(sender, entries);
    }

    @Override
    public int packetType() {
        return RtcpHeader.PSFB;
    }

    @Override
    public int length() {
        return 12 + 8 * entries.size();
    }

    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        RtcpHeader.write(buf, off, false, FMT, RtcpHeader.PSFB, n);
        BigEndian.putUint32(buf, off + 4, senderSsrc);
        BigEndian.putUint32(buf, off + 8, 0);
        for (int i = 0; i < entries.size(); i++) {
            int p = off + 12 + 8 * i;
            BigEndian.putUint32(buf, p, entries.get(i).ssrc());
            BigEndian.putUint32(buf, p + 4, (long) entries.get(i).sequenceNumber() << 24); // reserved 24 bits = 0
        }
        return n;
    }
}
