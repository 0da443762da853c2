package dev.parley.media.rtcp;

/**
 * Tells RTCP from RTP on a transport that multiplexes both (RFC 5761 §4), which WebRTC always does
 * (RFC 8834 §5.1.1): the second octet of RTCP is a packet type in 192..223, which RTP would read as
 * the marker bit and a payload type in 64..95, a range forbidden for RTP when muxing.
 */
public final class RtcpMux {
    private RtcpMux() {
    }

    /**
     * True if {@code buf[off, off + len)} is RTCP rather than RTP: at least a 4-byte header, version 2
     * and a second octet in 192..223 (RFC 5761 §4). Allocation-free; it reads two bytes at most.
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < RtcpHeader.LENGTH) {
            return false;
        }
        int type = buf[off + 1] & 0xFF;
        return (buf[off] & 0xC0) == 0x80 && type >= 192 && type <= 223;
    }
}
