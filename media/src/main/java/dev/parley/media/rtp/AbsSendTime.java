package dev.parley.media.rtp;

/**
 * The absolute send time extension (webrtc.org "abs-send-time"): 24 bits, 6.18 fixed-point seconds,
 * the middle bits of the NTP send time; it wraps every 64 seconds. The id is negotiated in SDP.
 */
public final class AbsSendTime {
    /** The extmap URI. */
    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** Length of the value in bytes. */
    public static final int LENGTH = 3;
    private static final int FRACTION_BITS = 18;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private AbsSendTime() {
    }

    /** The 24-bit value of element {@code id}, or -1 if absent or shorter than 3 bytes. */
    public static int read(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionValueLength(at) < LENGTH) {
            return -1;
        }
        return BigEndian.uint24(packet.buffer(), at);
    }

    /**
     * Overwrites element {@code id} in place with the low 24 bits of {@code value}.
     *
     * @return false if the element is absent or shorter than 3 bytes
     */
    public static boolean write(RtpPacket packet, int id, int value) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionValueLength(at) < LENGTH) {
            return false;
        }
        BigEndian.putUint24(packet.buffer(), at, value);
        return true;
    }

    /** The 24-bit value of a time in microseconds (any epoch), modulo 64 s, rounded down. */
    public static int fromMicros(long micros) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        long fraction = Math.floorMod(micros, MICROS_PER_SECOND);
        long value = (seconds << FRACTION_BITS) + (fraction << FRACTION_BITS) / MICROS_PER_SECOND;
        return (int) (value & 0xFF_FFFF);
    }

    /** Microseconds in {@code [0, 64 s)} that a 24-bit value stands for, rounded down. */
    public static long toMicros(int value) {
        return ((value & 0xFF_FFFFL) * MICROS_PER_SECOND) >>> FRACTION_BITS;
    }

    /** The 3-byte value for {@link RtpPacketBuilder#extension}. */
    public static byte[] encode(int value) {
        return new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
