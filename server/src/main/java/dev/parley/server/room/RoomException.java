package dev.parley.server.room;

import java.util.Map;

/**
 * A room operation was refused. The {@link Reason} says what kind of refusal it is; signaling maps it to
 * its protocol's error codes (TRTC's), so rooms know nothing of the wire. {@code details} are
 * machine-readable facts, e.g. {@code "privilege": "RECEIVE_VIDEO"}.
 */
public final class RoomException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The request's content is wrong (a bad offer or answer). */
        INVALID_REQUEST,
        /** The request is not allowed now or for this user (order, role, limits, privileges). */
        NOT_ALLOWED,
        /** The user may not enter the room (full, privileges). */
        JOIN_REFUSED,
        /** The stream named is not (or no longer) published in the room. */
        NO_SUCH_STREAM
    }

    private final Reason reason;
    private final transient Map<String, Object> details;

    public RoomException(Reason reason, String message) {
        this(reason, message, Map.of());
    }

    public RoomException(Reason reason, String message, Map<String, Object> details) {
        super(message);
        this.reason = reason;
        this.details = Map.copyOf(details);
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, Object> details() {
        return details;
    }
}
