package dev.parley.server.signal;

/** A request was refused; the client receives {@code code} and {@code message} in the error response. */
public final class SignalException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public SignalException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
