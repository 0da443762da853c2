package dev.parley.media.stun;

import static dev.parley.media.stun.StunAttributeType.FINGERPRINT;
import static dev.parley.media.stun.StunAttributeType.MESSAGE_INTEGRITY;
import static dev.parley.media.stun.StunAttributeType.USERNAME;
import static dev.parley.media.stun.StunMessage.HEADER_LENGTH;
import static dev.parley.media.stun.StunMessage.MAGIC_COOKIE;

/**
 * The framing rules of a STUN datagram (RFC 8489 §5, §14): header, length field, attribute headers and
 * padding, shared by the full parse and the allocation-free peeks of {@link StunMessage}.
 */
final class StunFraming {
    private StunFraming() {
    }

    static void checkHeader(byte[] buf, int off, int len) throws StunParseException {
        if (len < HEADER_LENGTH) {
            throw new StunParseException("STUN message of " + len + " bytes is shorter than its header");
        }
        if ((buf[off] & 0xC0) != 0) {
            throw new StunParseException("first two bits of a STUN message must be zero (RFC 8489 §5)");
        }
        if (WireBytes.readInt(buf, off + 4) != MAGIC_COOKIE) {
            throw new StunParseException("no STUN magic cookie (RFC 8489 §5)");
        }
        int bodyLength = WireBytes.readShort(buf, off + 2);
        if ((bodyLength & 3) != 0) {
            throw new StunParseException("STUN length " + bodyLength + " is not a multiple of 4");
        }
        if (bodyLength != len - HEADER_LENGTH) {
            throw new StunParseException("STUN length field says " + bodyLength + " bytes after the header, "
                    + (len - HEADER_LENGTH) + " present");
        }
    }

    /** Walks the attribute headers, checking that each one and its padding fit. */
    static int countAttributes(byte[] buf, int pos, int end) throws StunParseException {
        int count = 0;
        while (pos < end) {
            if (end - pos < 4) {
                throw new StunParseException("truncated attribute header at byte " + pos);
            }
            int size = padded(WireBytes.readShort(buf, pos + 2));
            if (size > end - pos - 4) {
                throw new StunParseException("attribute 0x" + Integer.toHexString(WireBytes.readShort(buf, pos))
                        + " of " + size + " padded bytes overruns the message");
            }
            pos += 4 + size;
            count++;
        }
        return count;
    }

    static int padded(int valueLength) {
        return (valueLength + 3) & ~3;
    }

    /** Offset of the first USERNAME attribute header before MESSAGE-INTEGRITY, or -1. */
    static int findUsername(byte[] buf, int off, int len) {
        // The same header rules as parse(), so that peek and parse agree on what is STUN.
        if (len < HEADER_LENGTH || (buf[off] & 0xC0) != 0 || WireBytes.readInt(buf, off + 4) != MAGIC_COOKIE
                || WireBytes.readShort(buf, off + 2) != len - HEADER_LENGTH) {
            return -1;
        }
        int end = off + len;
        int pos = off + HEADER_LENGTH;
        while (end - pos >= 4) {
            int attrType = WireBytes.readShort(buf, pos);
            int attrLength = WireBytes.readShort(buf, pos + 2);
            if (attrLength > end - pos - 4 || attrType == MESSAGE_INTEGRITY || attrType == FINGERPRINT) {
                return -1;
            }
            if (attrType == USERNAME) {
                return pos;
            }
            pos += 4 + padded(attrLength);
        }
        return -1;
    }
}
