package dev.parley.media.rtp;

import java.util.Optional;

/**
 * The MID header extension (RFC 8843 §15.1, carried as an RFC 7941 SDES item): names the
 * m= section of a BUNDLE group a packet belongs to. Its id is negotiated in SDP, so every method
 * takes it.
 */
public final class SdesMid {
    /** The extmap URI (RFC 8843 §15.1). */
    public static final String URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

    private SdesMid() {
    }

    /** The MID in element {@code id}, or empty if absent or not visible ASCII. Allocates the string. */
    public static Optional<String> read(RtpPacket packet, int id) {
        return SdesValue.read(packet, id);
    }

    /** True if element {@code id} holds exactly {@code mid}; allocation-free. */
    public static boolean matches(RtpPacket packet, int id, String mid) {
        return SdesValue.matches(packet, id, mid);
    }

    /** The value bytes for {@link RtpPacketBuilder#extension}. */
    public static byte[] encode(String mid) {
        return SdesValue.encode(mid);
    }
}
