package dev.parley.server.auth;

/** A join's credentials were refused; the message names the failed check and holds no secret. */
public final class AuthException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public AuthException(String message) {
        this(message, "privileges");
    }

    /** @param reason why, for metrics: a short lower-case word from a fixed set (e.g. {@code expired}) */
    public AuthException(String message, String reason) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
