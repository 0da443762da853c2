package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

import java.util.Objects;

/**
 * The common RTCP header (RFC 3550 §6.4.1) and the packet type numbers.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P| count/FMT |      PT       |     length (32-bit words - 1)  |
 * </pre>
 */
public final class RtcpHeader {
    /** Sender report, RFC 3550 §6.4.1. */
    public static final int SR = 200;
    /** Receiver report, RFC 3550 §6.4.2. */
    public static final int RR = 201;
    /** Source description, RFC 3550 §6.5. */
    public static final int SDES = 202;
    /** Goodbye, RFC 3550 §6.6. */
    public static final int BYE = 203;
    /** Application-defined, RFC 3550 §6.7. */
    public static final int APP = 204;
    /** Transport-layer feedback, RFC 4585 §6.2. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback, RFC 4585 §6.3. */
    public static final int PSFB = 206;
    /** Extended report, RFC 3611. */
    public static final int XR = 207;

    /** Header length in bytes. */
    public static final int LENGTH = 4;
    /** Largest RTCP packet: the 16-bit length field counts 32-bit words minus one. */
    public static final int MAX_PACKET_LENGTH = 4 * 0x10000;

    private RtcpHeader() {
    }

    /**
     * Writes a header for a packet of {@code packetLength} bytes (a multiple of 4, header included).
     */
    static void write(byte[] buf, int off, boolean padding, int count, int packetType, int packetLength) {
        if (packetLength % 4 != 0 || packetLength < LENGTH || packetLength > MAX_PACKET_LENGTH) {
            throw new IllegalStateException("RTCP packet length " + packetLength + " is not writable");
        }
        buf[off] = (byte) (0x80 | (padding ? 0x20 : 0) | (count & 0x1F));
        buf[off + 1] = (byte) packetType;
        BigEndian.putUint16(buf, off + 2, packetLength / 4 - 1);
    }

    /** Checks that {@code length} bytes fit at {@code buf[off]} before a write. */
    static void checkRoom(byte[] buf, int off, int length) {
        Objects.checkFromIndexSize(off, length, buf.length);
    }

    static void checkCount(String what, int count) {
        if (count > 31) { // RFC 3550 §6.4.1: the count field is 5 bits
            throw new IllegalArgumentException(what + " count " + count + " exceeds 31");
        }
    }

    static long checkUnsigned32(String what, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + value + " is not an unsigned 32-bit value");
        }
        return value;
    }

    static int checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    static void checkLength(int packetLength) {
        if (packetLength > MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("RTCP packet of " + packetLength + " bytes exceeds the 16-bit length field");
        }
    }
}
