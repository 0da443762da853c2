package dev.parley.media.transport;

/** What a datagram on the shared port carries, by its first byte (RFC 7983 §7). */
public enum PacketKind {
    STUN, DTLS, RTP_OR_RTCP, UNKNOWN;

    /** RFC 7983 §7: [0..3] STUN, [20..63] DTLS, [128..191] RTP/RTCP; everything else is dropped. */
    public static PacketKind of(byte firstByte) {
        int b = firstByte & 0xFF;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return RTP_OR_RTCP;
        }
        return UNKNOWN;
    }
}
