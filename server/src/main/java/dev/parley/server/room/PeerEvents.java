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

    /**
     * Another connection resumed this participant (the client reconnected before this connection was seen to
     * drop): close this one without touching the participant.
     */
    default void superseded() {
    }

    /** Where a detached participant's events go while its client is away: nowhere (a resume sends the state). */
    PeerEvents NOWHERE = new PeerEvents() {
        @Override
        public void on(RoomEvent event) {
        }

        @Override
        public void banned(String reason, String message) {
        }
    };
}
