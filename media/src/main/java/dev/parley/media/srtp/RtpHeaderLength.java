package dev.parley.media.srtp;

/**
 * The length of an RTP header, fixed part, CSRC list and header extension (RFC 3550 §5.1, §5.3.1):
 * what SRTP leaves in the clear and authenticates (RFC 3711 §3.1), or uses as AAD (RFC 7714 §8.2).
 */
final class RtpHeaderLength {
    static final int FIXED = 12;
    static final int NOT_RTP = -1;

    private RtpHeaderLength() {
    }

    /**
     * @param available bytes that may hold the header (the packet, without any tag)
     * @return the header length, or {@link #NOT_RTP} if the version is not 2 or the CSRC list or
     *     extension would run past {@code available}
     */
    static int of(byte[] buf, int off, int available) {
        if (available < FIXED) {
            return NOT_RTP;
        }
        int first = buf[off] & 0xFF;
        if (first >>> 6 != 2) {
            return NOT_RTP;
        }
        int length = FIXED + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (length + 4 > available) {
                return NOT_RTP;
            }
            int words = ((buf[off + length + 2] & 0xFF) << 8) | (buf[off + length + 3] & 0xFF);
            length += 4 + 4 * words;
        }
        return length <= available ? length : NOT_RTP;
    }
}
