package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * Sender report, SR (RFC 3550 §6.4.1): what a sender sent and when, mapping its RTP clock to NTP time,
 * plus up to 31 report blocks. Profile-specific extensions after the blocks are not kept.
 *
 * @param ssrc         the sender
 * @param ntpTimestamp 64-bit NTP wallclock time (RFC 3550 §4): seconds since 1900 in the high 32 bits
 * @param rtpTimestamp the same instant on the RTP clock
 * @param packetCount  packets sent since the start
 * @param octetCount   payload octets sent since the start
 * @param reports      report blocks, at most 31
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                           List<ReceptionReport> reports) implements RtcpPacket {
    private static final int SENDER_INFO_LENGTH = 24;

    public SenderReport {
        RtcpHeader.checkUnsigned32("SSRC", ssrc);
        RtcpHeader.checkUnsigned32("RTP timestamp", rtpTimestamp);
        RtcpHeader.checkUnsigned32("packet count", packetCount);
        RtcpHeader.checkUnsigned32("octet count", octetCount);
        reports = List.copyOf(reports);
        RtcpHeader.checkCount("report", reports.size());
    }

    /**
     * Parses one SR packet occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed SR (see {@link RtcpCompound#parse})
     */
    public static SenderReport parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, SenderReport.class);
    }

    static SenderReport parseBody(int count, byte[] buf, int off, int len) throws MalformedPacketException {
        if (len < SENDER_INFO_LENGTH + count * ReceptionReport.LENGTH) {
            throw new MalformedPacketException("SR with " + count + " report blocks needs more than " + len + " bytes");
        }
        List<ReceptionReport> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(ReceptionReport.read(buf, off + SENDER_INFO_LENGTH + i * ReceptionReport.LENGTH));
        }
        return new SenderReport(BigEndian.uint32(buf, off), BigEndian.int64(buf, off + 4),
                BigEndian.uint32(buf, off + 12), BigEndian.uint32(buf, off + 16), BigEndian.uint32(buf, off + 20),
                blocks);
    }

    /** The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR (RFC 3550 §6.4.1). */
    public long compactNtp() {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }

    @Override
    public int packetType() {
        return RtcpHeader.SR;
    }

    @Override
    public int length() {
        return RtcpHeader.LENGTH + SENDER_INFO_LENGTH + reports.size() * ReceptionReport.LENGTH;
    }

    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        RtcpHeader.write(buf, off, false, reports.size(), RtcpHeader.SR, n);
        BigEndian.putUint32(buf, off + 4, ssrc);
        BigEndian.putInt64(buf, off + 8, ntpTimestamp);
        BigEndian.putUint32(buf, off + 16, rtpTimestamp);
        BigEndian.putUint32(buf, off + 20, packetCount);
        BigEndian.putUint32(buf, off + 24, octetCount);
        for (int i = 0; i < reports.size(); i++) {
            reports.get(i).write(buf, off + 28 + i * ReceptionReport.LENGTH);
        }
        return n;
    }
}
