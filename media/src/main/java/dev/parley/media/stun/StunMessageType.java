package dev.parley.media.stun;

/**
 * The 14-bit STUN message type: a class and a 12-bit method whose bits are interleaved on the wire
 * (RFC 8489 §5, figure 3): {@code M11..M7 C1 M6..M4 C0 M3..M0}.
 *
 * @param messageClass request, indication, success or error response
 * @param method the method number, 0..0xFFF (Binding is {@value #BINDING})
 */
public record StunMessageType(StunClass messageClass, int method) {
    /** The Binding method (RFC 8489 §18.2), the only one ICE uses. */
    public static final int BINDING = 0x001;

    public static final StunMessageType BINDING_REQUEST = new StunMessageType(StunClass.REQUEST, BINDING);
    public static final StunMessageType BINDING_INDICATION = new StunMessageType(StunClass.INDICATION, BINDING);
    public static final StunMessageType BINDING_SUCCESS =
            new StunMessageType(StunClass.SUCCESS_RESPONSE, BINDING);
    public static final StunMessageType BINDING_ERROR = new StunMessageType(StunClass.ERROR_RESPONSE, BINDING);

    public StunMessageType {
        if (messageClass == null) {
            throw new IllegalArgumentException("messageClass is required");
        }
        if (method < 0 || method > 0xFFF) {
            throw new IllegalArgumentException("STUN method out of range 0..0xFFF: " + method);
        }
    }

    /** Decodes the 14 low bits of the first header word; the two top bits must already be checked zero. */
    public static StunMessageType fromWire(int type) {
        int method = (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
        int classBits = ((type & 0x0010) >>> 4) | ((type & 0x0100) >>> 7);
        if (method == BINDING) {
            // Cached: a parse on the packet path should not allocate a type.
            switch (classBits) {
                case 0b00: return BINDING_REQUEST;
                case 0b01: return BINDING_INDICATION;
                case 0b10: return BINDING_SUCCESS;
                default: return BINDING_ERROR;
            }
        }
        return new StunMessageType(StunClass.ofBits(classBits), method);
    }

    /** The 14-bit wire value of this type. */
    public int toWire() {
        int c = messageClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 0b01) << 4) | ((c & 0b10) << 7);
    }

    public boolean isBinding() {
        return method == BINDING;
    }

    @Override
    public String toString() {
        return (method == BINDING ? "Binding" : String.format("method 0x%03x", method)) + " " + messageClass;
    }
}
