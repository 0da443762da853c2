package dev.parley.media.stun;

/**
 * The ERROR-CODE attribute (RFC 8489 §14.8): a code 300..699 and a reason phrase.
 *
 * @param code the error code, class (hundreds, 3..6) and number (0..99)
 * @param reason a human-readable reason phrase, possibly empty
 */
public record StunErrorCode(int code, String reason) {
    /** RFC 8489 §14.8 (RFC 8489 §9.1.3 for missing USERNAME or MESSAGE-INTEGRITY). */
    public static final int BAD_REQUEST = 400;
    /** RFC 8489 §14.8: wrong credentials. */
    public static final int UNAUTHORIZED = 401;
    /** RFC 8489 §14.8: unknown comprehension-required attributes, listed in UNKNOWN-ATTRIBUTES. */
    public static final int UNKNOWN_ATTRIBUTE = 420;
    /** RFC 8445 §7.3.1.1: both agents claim the same role. */
    public static final int ROLE_CONFLICT = 487;

    public StunErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code out of range 300..699: " + code);
        }
        if (reason == null) {
            throw new IllegalArgumentException("reason is required (may be empty)");
        }
    }

    /** The reason phrase RFC 8489 §14.8 suggests for the codes this package sends. */
    public static String defaultReason(int code) {
        switch (code) {
            case BAD_REQUEST: return "Bad Request";
            case UNAUTHORIZED: return "Unauthorized";
            case UNKNOWN_ATTRIBUTE: return "Unknown Attribute";
            case ROLE_CONFLICT: return "Role Conflict";
            default: return "";
        }
    }
}
