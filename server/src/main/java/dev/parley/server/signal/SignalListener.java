package dev.parley.server.signal;

/**
 * What signaling tells operations (the metrics) about requests. Called on any thread; an implementation
 * must be cheap and thread-safe. Labels are from fixed sets (request types, error code names, refusal
 * reasons): never a user, room or address.
 */
public interface SignalListener {
    SignalListener NONE = new SignalListener() {
    };

    /**
     * A request was answered.
     *
     * @param type a request type of the protocol, or {@code other} for an unknown one
     * @param result {@code ok}, or the error code's name (e.g. {@code JOIN_ROOM_FAILED})
     * @param nanos from the request's arrival to its answer
     */
    default void answered(String type, String result, long nanos) {
    }

    /** A join's UserSig or PrivateMapKey was refused ({@code reason}: the verifier's reason, lower case). */
    default void authRefused(String reason) {
    }

    /** A per-client limit refused something ({@code limit}: the config key of {@code limits:}). */
    default void limitHit(String limit) {
    }
}
