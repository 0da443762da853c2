package dev.parley.media.rtp;

/**
 * The client-to-mixer audio level extension (RFC 6464 §3): one byte, a voice-activity bit V and the
 * level in -dBov (0 = loudest, 127 = silence). The id is negotiated in SDP.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |V|    level    |
 * </pre>
 */
public final class AudioLevel {
    /** The extmap URI (RFC 6464 §4). */
    public static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Level of digital silence, -127 dBov. */
    public static final int SILENCE = 127;

    private AudioLevel() {
    }

    /**
     * The raw byte of element {@code id}, or -1 if absent or empty; split it with {@link #level} and
     * {@link #voiceActivity}. Allocation-free. Extra bytes (some senders pad the value) are ignored.
     */
    public static int read(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionValueLength(at) < 1) {
            return -1;
        }
        return packet.buffer()[at] & 0xFF;
    }

    /** The level in -dBov, 0..127, of a raw byte from {@link #read}. */
    public static int level(int raw) {
        return raw & 0x7F;
    }

    /** The V bit of a raw byte from {@link #read}: the sender's voice activity detection said speech. */
    public static boolean voiceActivity(int raw) {
        return (raw & 0x80) != 0;
    }

    /** The one-byte value for {@link RtpPacketBuilder#extension}. */
    public static byte[] encode(boolean voiceActivity, int level) {
        if (level < 0 || level > SILENCE) {
            throw new IllegalArgumentException("audio level " + level + " is outside 0..127");
        }
        return new byte[] {(byte) ((voiceActivity ? 0x80 : 0) | level)};
    }
}
