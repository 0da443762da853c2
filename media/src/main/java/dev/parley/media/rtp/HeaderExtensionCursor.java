package dev.parley.media.rtp;

/**
 * Walks the elements of an RFC 8285 header extension block without allocating.
 *
 * <pre>{@code
 * HeaderExtensionCursor c = packet.extensions();
 * while (c.next()) {
 *     handle(c.id(), packet.buffer(), c.valueOffset(), c.valueLength());
 * }
 * }</pre>
 *
 * <p>Offsets are absolute indexes into the packet's buffer. A cursor is reusable (reset it with
 * {@link RtpPacket#extensions(HeaderExtensionCursor)}) and, like the packet, confined to one thread.
 * A packet with no extension, or one whose profile is neither the one-byte (0xBEDE) nor the two-byte
 * (0x100X) form, yields no element.
 */
public final class HeaderExtensionCursor {
    private byte[] buf = new byte[0];
    private int pos;
    private int end;
    private boolean twoByte;
    private int id;
    private int valueOffset;
    private int valueLength;
    private boolean malformed;

    /** Positions this cursor before the first element of the block {@code [start, end)}. */
    void reset(byte[] buffer, int start, int blockEnd, boolean twoByteForm) {
        this.buf = buffer;
        this.pos = start;
        this.end = blockEnd;
        this.twoByte = twoByteForm;
        this.id = 0;
        this.valueOffset = -1;
        this.valueLength = -1;
        this.malformed = false;
    }

    /**
     * Advances to the next element, skipping padding bytes.
     *
     * @return false when there is no further element (or the block is malformed, which
     *     {@link RtpPacket#wrap} has already rejected for a wrapped packet)
     */
    public boolean next() {
        while (pos < end) {
            int first = buf[pos] & 0xFF;
            if (twoByte) {
                if (first == 0) { // RFC 8285 §4.3: a zero byte is padding
                    pos++;
                    continue;
                }
                if (pos + 2 > end) {
                    return fail();
                }
                return element(first, pos + 2, buf[pos + 1] & 0xFF);
            }
            int elementId = first >>> 4;
            if (elementId == 0) { // RFC 8285 §4.2: ID 0 is a padding byte, its length ignored
                pos++;
                continue;
            }
            if (elementId == 15) { // RFC 8285 §4.2: ID 15 stops processing of the whole block
                pos = end;
                return false;
            }
            return element(elementId, pos + 1, (first & 0x0F) + 1);
        }
        return false;
    }

    private boolean element(int elementId, int valueStart, int length) {
        if (valueStart + length > end) {
            return fail();
        }
        id = elementId;
        valueOffset = valueStart;
        valueLength = length;
        pos = valueStart + length;
        return true;
    }

    private boolean fail() {
        malformed = true;
        pos = end;
        return false;
    }

    /** The element's local identifier, negotiated in SDP (RFC 8285 §5). */
    public int id() {
        return id;
    }

    /** Absolute offset of the element's value in the packet's buffer. */
    public int valueOffset() {
        return valueOffset;
    }

    /** Length of the element's value in bytes (0 is possible in the two-byte form). */
    public int valueLength() {
        return valueLength;
    }

    /** True when an element ran past the end of the block. */
    boolean malformed() {
        return malformed;
    }
}
