package dev.parley.client.media;

/**
 * What a synthetic source writes into each payload so that a receiver can tell loss, latency and damage
 * without knowing the sender: a 16-byte trailer (magic {@code PRLY}, the source's own packet counter,
 * the send time in microseconds since the epoch) and, between the codec header allowance and the
 * trailer, bytes that follow from the counter. The first {@link #HEADER_ALLOWANCE} payload bytes are
 * the codec's (a VP8 payload descriptor and frame header, RFC 7741 §4.2, §4.3) and are not checked.
 */
public final class PayloadStamp {
    public static final int TRAILER = 16;
    public static final int HEADER_ALLOWANCE = 16;
    /** The smallest payload that carries a stamp. */
    public static final int MIN_PAYLOAD = HEADER_ALLOWANCE + TRAILER;
    private static final int MAGIC = 0x50524C59; // "PRLY"

    private PayloadStamp() {
    }

    /** Fills {@code buf[off + HEADER_ALLOWANCE, off + len)} with the pattern and the trailer. */
    public static void write(byte[] buf, int off, int len, int counter, long sendMicros) {
        if (len < MIN_PAYLOAD) {
            throw new IllegalArgumentException("a stamped payload needs at least " + MIN_PAYLOAD + " bytes, got " + len);
        }
        int end = off + len - TRAILER;
        for (int i = off + HEADER_ALLOWANCE; i < end; i++) {
            buf[i] = pattern(counter, i - off);
        }
        putInt(buf, end, MAGIC);
        putInt(buf, end + 4, counter);
        putInt(buf, end + 8, (int) (sendMicros >>> 32));
        putInt(buf, end + 12, (int) sendMicros);
    }

    /** True if the payload ends with a stamp trailer. */
    public static boolean isStamped(byte[] buf, int off, int len) {
        return len >= MIN_PAYLOAD && getInt(buf, off + len - TRAILER) == MAGIC;
    }

    public static int counter(byte[] buf, int off, int len) {
        return getInt(buf, off + len - TRAILER + 4);
    }

    public static long sendMicros(byte[] buf, int off, int len) {
        int at = off + len - TRAILER + 8;
        return ((long) getInt(buf, at) << 32) | (getInt(buf, at + 4) & 0xFFFFFFFFL);
    }

    /** True if every patterned byte is what the sender wrote (the payload arrived intact). */
    public static boolean isIntact(byte[] buf, int off, int len) {
        if (!isStamped(buf, off, len)) {
            return false;
        }
        int counter = counter(buf, off, len);
        int end = off + len - TRAILER;
        for (int i = off + HEADER_ALLOWANCE; i < end; i++) {
            if (buf[i] != pattern(counter, i - off)) {
                return false;
            }
        }
        return true;
    }

    private static byte pattern(int counter, int index) {
        return (byte) (counter * 31 + index);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
