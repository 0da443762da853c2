package dev.parley.media.stun;

import java.util.zip.CRC32;

/**
 * The FINGERPRINT computation (RFC 8489 §14.7): CRC-32 of the message up to the attribute, with the
 * header length covering the FINGERPRINT attribute, XOR 0x5354554e. Kept for reuse per agent.
 *
 * <p>Not thread-safe (one {@link CRC32} and a scratch buffer): one instance per agent thread.
 */
public final class MessageFingerprint {
    /** RFC 8489 §14.7: the XOR constant, "STUN" in ASCII. */
    static final int XOR = 0x5354554e;

    private final CRC32 crc = new CRC32();
    private final byte[] adjustedLength = new byte[2];

    /**
     * The FINGERPRINT value for the attribute whose header starts at {@code attributeOffset} in the message
     * starting at {@code messageOffset}.
     */
    int compute(byte[] buf, int messageOffset, int attributeOffset) {
        int lengthThroughFingerprint = attributeOffset + 8 - messageOffset - StunMessage.HEADER_LENGTH;
        WireBytes.writeShort(adjustedLength, 0, lengthThroughFingerprint);
        crc.reset();
        crc.update(buf, messageOffset, 2);
        crc.update(adjustedLength, 0, 2);
        crc.update(buf, messageOffset + 4, attributeOffset - messageOffset - 4);
        return (int) crc.getValue() ^ XOR;
    }

    boolean verify(byte[] buf, int messageOffset, int attributeOffset) {
        return compute(buf, messageOffset, attributeOffset) == WireBytes.readInt(buf, attributeOffset + 4);
    }

    void sign(byte[] buf, int messageOffset, int attributeOffset) {
        WireBytes.writeInt(buf, attributeOffset + 4, compute(buf, messageOffset, attributeOffset));
    }
}
