package dev.parley.media.srtp;

/** Range checks and big-endian reads over a packet view {@code (buf, off, len)}. */
final class PacketBytes {
    private PacketBytes() {
    }

    /**
     * Checks that the view lies inside the buffer with {@code headroom} spare bytes after it.
     * A violation is the caller's bug, not bad input, hence unchecked.
     *
     * @throws IllegalArgumentException if it does not
     */
    static void checkView(byte[] buf, int off, int len, int headroom) {
        if (buf == null) {
            throw new IllegalArgumentException("null packet buffer");
        }
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("packet view [" + off + ", +" + len
                    + ") outside a buffer of " + buf.length + " bytes");
        }
        if (buf.length - off - len < headroom) {
            throw new IllegalArgumentException("SRTP needs " + headroom + " bytes of headroom after the packet, "
                    + "buffer has " + (buf.length - off - len));
        }
    }

    static int readUnsignedShort(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
    }

    static int readInt(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 24) | ((buf[off + 1] & 0xFF) << 16)
                | ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }
}
