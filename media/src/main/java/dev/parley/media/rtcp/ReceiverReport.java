package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * Receiver report, RR (RFC 3550 §6.4.2): reception statistics from a participant that is not
 * sending. An RR with no block is legal and is what an empty compound starts with.
 *
 * @param ssrc    the reporter
 * @param reports report blocks, at most 31
 */
public record ReceiverReport(long ssrc, List<ReceptionReport> reports) implements RtcpPacket {
    public ReceiverReport {
        RtcpHeader.checkUnsigned32("SSRC", ssrc);
        reports = List.copyOf(reports);
        RtcpHeader.checkCount("report", reports.size());
    }

    /**
     * Parses one RR packet occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed RR (see {@link RtcpCompound#parse})
     */
    public static ReceiverReport parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, ReceiverReport.class);
    }

    static ReceiverReport parseBody(int count, byte[] buf, int off, int len) throws MalformedPacketException {
        if (len < 4 + count * ReceptionReport.LENGTH) {
            throw new MalformedPacketException("RR with " + count + " report blocks needs more than " + len + " bytes");
        }
        List<ReceptionReport> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(ReceptionReport.read(buf, off + 4 + i * ReceptionReport.LENGTH));
        }
        return new ReceiverReport(BigEndian.uint32(buf, off), blocks);
    }

    @Override
    public int packetType() {
        return RtcpHeader.RR;
    }

    @Override
    public int length() {
        return RtcpHeader.LENGTH + 4 + reports.size() * ReceptionReport.LENGTH;
    }

    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        RtcpHeader.write(buf, off, false, reports.size(), RtcpHeader.RR, n);
        BigEndian.putUint32(buf, off + 4, ssrc);
        for (int i = 0; i < reports.size(); i++) {
            reports.get(i).write(buf, off + 8 + i * ReceptionReport.LENGTH);
        }
        return n;
    }
}
