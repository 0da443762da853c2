package dev.parley.media.stun;

/** The class of a STUN message, the two C bits of the message type (RFC 8489 §5). */
public enum StunClass {
    REQUEST(0b00),
    INDICATION(0b01),
    SUCCESS_RESPONSE(0b10),
    ERROR_RESPONSE(0b11);

    private static final StunClass[] BY_BITS = values();

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    /** The two class bits, C1 C0, as a number 0..3. */
    public int bits() {
        return bits;
    }

    static StunClass ofBits(int bits) {
        return BY_BITS[bits & 0b11];
    }
}
