package dev.parley.server.sfu;

/**
 * How the SFU talks back to one participant's signaling connection. Called on the SFU thread; an
 * implementation must not block (it queues a WebSocket frame).
 */
public interface PeerEvents {
    /** An event for the client: {@code data} is serialised as the event's JSON payload. */
    void event(String name, Object data);

    /** The participant was removed by the server (e.g. the same userId joined again): tell it and close. */
    void banned(String reason, String message);
}
