package dev.parley.media.rtp;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text value of an SDES header extension (RFC 7941 §4, used by MID in RFC 8843 §15.1 and by
 * RtpStreamId in RFC 8852 §3): 1..255 visible US-ASCII characters.
 */
final class SdesValue {
    static final int MAX_LENGTH = 255;

    private SdesValue() {
    }

    /**
     * Reads element {@code id} as text. A NUL byte ends the value (libwebrtc-compatible tolerance of
     * zero padding inside the element); an empty value or a non-visible byte yields empty.
     */
    static Optional<String> read(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        if (at < 0) {
            return Optional.empty();
        }
        int n = textLength(packet.buffer(), at, packet.extensionValueLength(at));
        if (n <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String(packet.buffer(), at, n, StandardCharsets.US_ASCII));
    }

    /** True if element {@code id} holds exactly {@code expected}; allocates nothing. */
    static boolean matches(RtpPacket packet, int id, String expected) {
        int at = packet.findExtension(id);
        if (at < 0) {
            return false;
        }
        int n = textLength(packet.buffer(), at, packet.extensionValueLength(at));
        if (n != expected.length()) {
            return false;
        }
        byte[] buf = packet.buffer();
        for (int i = 0; i < n; i++) {
            if (buf[at + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Characters before the first NUL, or -1 if one of them is not visible ASCII. */
    private static int textLength(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            int c = buf[off + i] & 0xFF;
            if (c == 0) {
                return i;
            }
            if (c < 0x21 || c > 0x7E) {
                return -1;
            }
        }
        return len;
    }

    /** @throws IllegalArgumentException if {@code value} is empty, too long or not visible ASCII */
    static byte[] encode(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("SDES value must be 1.." + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException("SDES value must be visible US-ASCII: " + value);
            }
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
