package dev.parley.media.stun;

import java.util.Arrays;

/**
 * One attribute as it is on the wire, type and value without padding (RFC 8489 §14). Typed access goes
 * through the getters of {@link StunMessage}; this form serves attributes this package does not decode
 * and comparisons.
 *
 * @param type the 16-bit attribute type
 * @param value the value bytes (copied in and out: the record stays immutable)
 */
public record StunAttribute(int type, byte[] value) {

    public StunAttribute {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("attribute type out of range: " + type);
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value too long: " + value.length);
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StunAttribute that && type == that.type && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("StunAttribute[0x%04x, %d bytes]", type, value.length);
    }
}
