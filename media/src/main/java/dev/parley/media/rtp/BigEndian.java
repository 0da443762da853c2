package dev.parley.media.rtp;

/**
 * Network byte order (RFC 791 Appendix B, "big-endian") reads and writes on a byte array, shared by the
 * RTP, RTCP and codec views.
 *
 * <p>Callers bound-check first: these methods index the array directly, so a bad index is a bug in the
 * caller, never a parse outcome. Unsigned 32-bit values travel as {@code long} in {@code [0, 2^32)}.
 */
public final class BigEndian {
    private BigEndian() {
    }

    public static int uint8(byte[] buf, int off) {
        return buf[off] & 0xFF;
    }

    public static int uint16(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 8 | (buf[off + 1] & 0xFF);
    }

    public static int uint24(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 16 | (buf[off + 1] & 0xFF) << 8 | (buf[off + 2] & 0xFF);
    }

    public static long uint32(byte[] buf, int off) {
        return int32(buf, off) & 0xFFFF_FFFFL;
    }

    public static int int32(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 24 | (buf[off + 1] & 0xFF) << 16
                | (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF);
    }

    public static long int64(byte[] buf, int off) {
        return (long) int32(buf, off) << 32 | uint32(buf, off + 4);
    }

    public static void putUint16(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 8);
        buf[off + 1] = (byte) value;
    }

    public static void putUint24(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 16);
        buf[off + 1] = (byte) (value >>> 8);
        buf[off + 2] = (byte) value;
    }

    /** Writes the low 32 bits of {@code value}. */
    public static void putUint32(byte[] buf, int off, long value) {
        buf[off] = (byte) (value >>> 24);
        buf[off + 1] = (byte) (value >>> 16);
        buf[off + 2] = (byte) (value >>> 8);
        buf[off + 3] = (byte) value;
    }

    public static void putInt64(byte[] buf, int off, long value) {
        putUint32(buf, off, value >>> 32);
        putUint32(buf, off + 4, value);
    }
}
