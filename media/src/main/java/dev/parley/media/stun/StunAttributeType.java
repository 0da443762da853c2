package dev.parley.media.stun;

/**
 * STUN attribute type numbers (RFC 8489 §18.3, RFC 8445 §16.1) and the comprehension rule of
 * RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF comprehension-optional.
 */
public final class StunAttributeType {
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;

    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    private StunAttributeType() {
    }

    /** RFC 8489 §14: an agent that does not understand such an attribute must not process the message. */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** Whether this implementation decodes and validates the attribute. */
    public static boolean isKnown(int type) {
        switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, REALM, NONCE,
                    XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE, SOFTWARE, FINGERPRINT, ICE_CONTROLLED,
                    ICE_CONTROLLING:
                return true;
            default:
                return false;
        }
    }
}
