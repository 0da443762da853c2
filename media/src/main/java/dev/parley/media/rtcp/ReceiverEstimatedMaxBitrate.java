package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * Receiver estimated maximum bitrate, REMB (draft-alvestrand-rmcat-remb-03 §2.2): application layer
 * feedback (PT 206, FMT 15, unique identifier "REMB") with the total bitrate the receiver estimates
 * for the listed SSRCs. The media SSRC field is unused and written as 0.
 *
 * <p>The bitrate travels as an 18-bit mantissa and a 6-bit exponent ({@code mantissa << exponent}
 * bits/s); the record keeps both so that a parsed packet writes back unchanged.
 *
 * @param senderSsrc the estimator
 * @param exponent   0..63
 * @param mantissa   0..2^18-1
 * @param ssrcs      the streams the estimate applies to, at most 255
 */
public record ReceiverEstimatedMaxBitrate(long senderSsrc, int exponent, int mantissa, List<Long> ssrcs)
        implements RtcpPacket {
    /** The FMT value of application layer feedback (RFC 4585 §6.4). */
    public static final int FMT = 15;
    private static final int MAX_MANTISSA = (1 << 18) - 1;
    private static final int IDENTIFIER = 'R' << 24 | 'E' << 16 | 'M' << 8 | 'B';

    public ReceiverEstimatedMaxBitrate {
        RtcpHeader.checkUnsigned32("sender SSRC", senderSsrc);
        RtcpHeader.checkRange("REMB exponent", exponent, 0, 63);
        RtcpHeader.checkRange("REMB mantissa", mantissa, 0, MAX_MANTISSA);
        ssrcs = List.copyOf(ssrcs);
        RtcpHeader.checkRange("REMB SSRC count", ssrcs.size(), 0, 255);
        ssrcs.forEach(s -> RtcpHeader.checkUnsigned32("SSRC", s));
    }

    /**
     * A REMB for {@code bitsPerSecond}, rounded down to what the 18-bit mantissa can hold (so the
     * sender is never told more than the estimate), as libwebrtc does.
     */
    public static ReceiverEstimatedMaxBitrate of(long senderSsrc, long bitsPerSecond, List<Long> ssrcs) {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("negative bitrate " + bitsPerSecond);
        }
        int exponent = 0;
        while ((bitsPerSecond >>> exponent) > MAX_MANTISSA) {
            exponent++;
        }
        return new ReceiverEstimatedMaxBitrate(senderSsrc, exponent, (int) (bitsPerSecond >>> exponent), ssrcs);
    }

    /** The bitrate in bits/s; {@link Long#MAX_VALUE} if it overflows a long (exponents above 45). */
    public long bitsPerSecond() {
        if (mantissa != 0 && Long.numberOfLeadingZeros(mantissa) <= exponent) {
            return Long.MAX_VALUE;
        }
        return (long) mantissa << exponent;
    }

    /**
     * Parses one REMB occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed REMB (see {@link RtcpCompound#parse})
     */
    public static ReceiverEstimatedMaxBitrate parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, ReceiverEstimatedMaxBitrate.class);
    }

    /** True if an application layer FCI starts with the "REMB" identifier. */
    static boolean isRemb(byte[] buf, int off, int len) {
        return len >= 4 && BigEndian.int32(buf, off) == IDENTIFIER;
    }

    static ReceiverEstimatedMaxBitrate parseFci(long sender, byte[] buf, int off, int len)
            throws MalformedPacketException {
        if (len < 8) {
            throw new MalformedPacketException("REMB FCI of " + len + " bytes is shorter than 8");
        }
        int count = buf[off + 4] & 0xFF;
        if (8 + 4 * count > len) {
            throw new MalformedPacketException("REMB lists " + count + " SSRCs but has room for " + (len - 8) / 4);
        }
        int exponent = (buf[off + 5] & 0xFF) >>> 2;
        int mantissa = BigEndian.uint24(buf, off + 5) & MAX_MANTISSA;
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(BigEndian.uint32(buf, off + 8 + 4 * i));
        }
        return new ReceiverEstimatedMaxBitrate(sender, exponent, mantissa, ssrcs);
    }

    @Override
    public int packetType() {
        return RtcpHeader.PSFB;
    }

    @Override
    public int length() {
        return 20 + 4 * ssrcs.size();
    }

    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        RtcpHeader.write(buf, off, false, FMT, RtcpHeader.PSFB, n);
        BigEndian.putUint32(buf, off + 4, senderSsrc);
        BigEndian.putUint32(buf, off + 8, 0);
        BigEndian.putUint32(buf, off + 12, IDENTIFIER);
        buf[off + 16] = (byte) ssrcs.size();
        BigEndian.putUint24(buf, off + 17, exponent << 18 | mantissa);
        for (int i = 0; i < ssrcs.size(); i++) {
            BigEndian.putUint32(buf, off + 20 + 4 * i, ssrcs.get(i));
        }
        return n;
    }
}
