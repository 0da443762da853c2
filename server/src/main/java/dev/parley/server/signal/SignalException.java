package dev.parley.server.signal;

import java.util.Map;

/**
 * A request was refused; the client receives {@code code} and {@code message} in the error response,
 * plus {@code details} (e.g. {@code "privilege": "RECEIVE_VIDEO"}) as further fields of the error object.
 */
public final class SignalException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public SignalException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public SignalException(ErrorCode code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    /** A room's refusal as the protocol's error: TRTC's code for its kind, its message and details. */
    public static SignalException of(dev.parley.server.room.RoomException e) {
        ErrorCode code = switch (e.reason()) {
            case INVALID_REQUEST -> ErrorCode.INVALID_PARAMETER;
            case NOT_ALLOWED -> ErrorCode.INVALID_OPERATION;
            case JOIN_REFUSED -> ErrorCode.JOIN_ROOM_FAILED;
            case NO_SUCH_STREAM -> ErrorCode.REMOTE_STREAM_NOT_EXIST;
        };
        return new SignalException(code, e.getMessage(), e.details());
    }

    public ErrorCode code() {
        return code;
    }

    /** Machine-readable fields beside code, name and message; empty for most errors. */
    public Map<String, Object> details() {
        return details;
    }
}
