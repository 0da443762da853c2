package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

/**
 * Picture loss indication, PLI (RFC 4585 §6.3.1): payload-specific feedback (PT 206, FMT 1) asking the
 * sender of {@code mediaSsrc} for a keyframe. It has no FCI.
 *
 * @param senderSsrc the requester
 * @param mediaSsrc  the video source that should send a keyframe
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    /** The FMT value of a PLI. */
    public static final int FMT = 1;
    private static final int LENGTH = 12;

    public PictureLossIndication {
        RtcpHeader.checkUnsigned32("sender SSRC", senderSsrc);
        RtcpHeader.checkUnsigned32("media SSRC", mediaSsrc);
    }

    /**
     * Parses one PLI occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed PLI (see {@link RtcpCompound#parse})
     */
    public static PictureLossIndication parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, PictureLossIndication.class);
    }

    @Override
    public int packetType() {
        return RtcpHeader.PSFB;
    }

    @Override
    public int length() {
        return LENGTH;
    }

    @Override
    public int write(byte[] buf, int off) {
        RtcpHeader.checkRoom(buf, off, LENGTH);
        RtcpHeader.write(buf, off, false, FMT, RtcpHeader.PSFB, LENGTH);
        BigEndian.putUint32(buf, off + 4, senderSsrc);
        BigEndian.putUint32(buf, off + 8, mediaSsrc);
        return LENGTH;
    }
}
