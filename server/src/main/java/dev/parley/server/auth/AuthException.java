package dev.parley.server.auth;

/** A join's credentials were refused; the message names the failed check and holds no secret. */
public final class AuthException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthException(String message) {
        super(message);
    }
}
