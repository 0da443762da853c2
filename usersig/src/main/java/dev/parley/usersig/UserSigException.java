package dev.parley.usersig;

import java.util.Objects;

/**
 * A UserSig (or PrivateMapKey) was refused. {@link #reason()} says which check failed; the message
 * says what failed and what to fix.
 *
 * <p>Messages never contain a secret key, the full UserSig or the expected signature, so they may be
 * logged and returned to the client as they are.
 */
public final class UserSigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a UserSig was refused. */
    public enum Reason {
        /** Not a decodable TLS-Sig-API UserSig: bad characters, bad compression, bad JSON, missing or mistyped fields, too long. */
        MALFORMED,
        /** Decodable, but not TLS-Sig-API version 2.0 (for instance a v1 ECDSA UserSig). */
        UNSUPPORTED_VERSION,
        /** The sdkAppId the client asked for has no secret key configured on this server. */
        UNKNOWN_SDK_APP_ID,
        /** The UserSig's {@code TLS.sdkappid} differs from the sdkAppId the client asked for. */
        WRONG_SDK_APP_ID,
        /** The UserSig's {@code TLS.identifier} differs from the userId the client asked for. */
        USER_ID_MISMATCH,
        /** The HMAC does not match any secret key configured for the sdkAppId. */
        BAD_SIGNATURE,
        /** The UserSig (or its PrivateMapKey) expired, beyond the allowed clock skew. */
        EXPIRED,
        /** {@code TLS.time} lies further in the future than the allowed clock skew. */
        NOT_YET_VALID
    }

    private final Reason reason;

    /**
     * @param reason  which check failed
     * @param message what failed and what to fix; must not contain secrets or the full UserSig
     */
    public UserSigException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return which check failed */
    public Reason reason() {
        return reason;
    }

    /**
     * Renders untrusted text (a userId, a JSON key) for a message: quoted, control and non-ASCII
     * characters escaped, cut after 64 characters, so that a message stays one printable line.
     */
    static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(s.length(), 64);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append(s.length() > shown ? "\"..." : "\"").toString();
    }
}
