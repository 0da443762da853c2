package dev.parley.media.rtp;

import java.util.Optional;

/**
 * The RtpStreamId and RepairedRtpStreamId header extensions (RFC 8852 §3.1, §3.2): the simulcast
 * "rid" of a packet's stream, or of the stream an RTX stream repairs. Both carry the same text
 * format and differ only in the negotiated id, so one class serves both.
 */
public final class SdesRtpStreamId {
    /** The extmap URI of RtpStreamId (RFC 8852 §4.1). */
    public static final String URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** The extmap URI of RepairedRtpStreamId (RFC 8852 §4.2). */
    public static final String REPAIRED_URI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    private SdesRtpStreamId() {
    }

    /** The rid in element {@code id}, or empty if absent or not visible ASCII. Allocates the string. */
    public static Optional<String> read(RtpPacket packet, int id) {
        return SdesValue.read(packet, id);
    }

    /** True if element {@code id} holds exactly {@code rid}; allocation-free. */
    public static boolean matches(RtpPacket packet, int id, String rid) {
        return SdesValue.matches(packet, id, rid);
    }

    /** The value bytes for {@link RtpPacketBuilder#extension}. */
    public static byte[] encode(String rid) {
        return SdesValue.encode(rid);
    }
}
