package dev.parley.server.room;

/**
 * How rooms talk back to one participant's signaling connection. Called on the SFU thread; an
 * implementation must not block (it queues a WebSocket frame).
 */
public interface PeerEvents {
    /** Something happened in the participant's room. */
    void on(RoomEvent event);

    /** The participant was removed by the server (e.g. the same userId joined again): tell it and close. */
    void banned(String reason, String message);
}
