package dev.parley.media.stun;

/** Big-endian reads and writes on byte arrays (network byte order, RFC 8489 §5). */
final class WireBytes {
    private WireBytes() {
    }

    static int readShort(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
    }

    static int readInt(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 24) | ((buf[off + 1] & 0xFF) << 16)
                | ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    static long readLong(byte[] buf, int off) {
        return ((long) readInt(buf, off) << 32) | (readInt(buf, off + 4) & 0xFFFF_FFFFL);
    }

    static void writeShort(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 8);
        buf[off + 1] = (byte) value;
    }

    static void writeInt(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 24);
        buf[off + 1] = (byte) (value >>> 16);
        buf[off + 2] = (byte) (value >>> 8);
        buf[off + 3] = (byte) value;
    }

    static void writeLong(byte[] buf, int off, long value) {
        writeInt(buf, off, (int) (value >>> 32));
        writeInt(buf, off + 4, (int) value);
    }
}
