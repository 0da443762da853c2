package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * A report block (RFC 3550 §6.4.1) on one source, as carried in SR and RR packets.
 *
 * @param ssrc                       the source reported on
 * @param fractionLost               packets lost since the last report, as a fraction of 256
 * @param cumulativeLost             packets lost since the start, a signed 24-bit value
 *                                   (negative with duplicates, RFC 3550 §6.4.1)
 * @param extendedHighestSequence    cycles in the high 16 bits, highest sequence number in the low
 * @param jitter                     interarrival jitter in timestamp units (RFC 3550 §6.4.1, A.8)
 * @param lastSenderReport           LSR: the middle 32 bits of the last SR's NTP timestamp, 0 if none
 * @param delaySinceLastSenderReport DLSR: in units of 1/65536 s
 */
public record ReceptionReport(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                              long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
    /** Length of a block in bytes. */
    public static final int LENGTH = 24;

    public ReceptionReport {
        RtcpHeader.checkUnsigned32("SSRC", ssrc);
        RtcpHeader.checkRange("fraction lost", fractionLost, 0, 255);
        RtcpHeader.checkRange("cumulative lost", cumulativeLost, -0x80_0000, 0x7F_FFFF);
        RtcpHeader.checkUnsigned32("extended highest sequence number", extendedHighestSequence);
        RtcpHeader.checkUnsigned32("jitter", jitter);
        RtcpHeader.checkUnsigned32("LSR", lastSenderReport);
        RtcpHeader.checkUnsigned32("DLSR", delaySinceLastSenderReport);
    }

    /** Reads a block; the caller has checked that 24 bytes are present. */
    static ReceptionReport read(byte[] buf, int off) {
        int lost = BigEndian.uint24(buf, off + 5);
        return new ReceptionReport(BigEndian.uint32(buf, off), buf[off + 4] & 0xFF, lost << 8 >> 8,
                BigEndian.uint32(buf, off + 8), BigEndian.uint32(buf, off + 12),
                BigEndian.uint32(buf, off + 16), BigEndian.uint32(buf, off + 20));
    }

    void write(byte[] buf, int off) {
        BigEndian.putUint32(buf, off, ssrc);
        buf[off + 4] = (byte) fractionLost;
        BigEndian.putUint24(buf, off + 5, cumulativeLost & 0xFF_FFFF);
        BigEndian.putUint32(buf, off + 8, extendedHighestSequence);
        BigEndian.putUint32(buf, off + 12, jitter);
        BigEndian.putUint32(buf, off + 16, lastSenderReport);
        BigEndian.putUint32(buf, off + 20, delaySinceLastSenderReport);
    }
}
