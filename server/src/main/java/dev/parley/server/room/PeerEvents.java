package dev.parley.server.room;

/**
 * How rooms talk back to one participant's signaling connection. Called on the SFU thread; an
 * implementation must not block (it queues a WebSocket frame).
 */
public interface PeerEvents {
    /** Why the server removed a participant from its room (TRTC v4's {@code client-banned} reasons). */
    enum Removal {
        /** Another client joined the same room with the same userId. TRTC's reason {@code kick}. */
        REPLACED("kick"),
        /** The application's backend removed the user (admin API RemoveUser). TRTC's reason {@code kick}. */
        KICKED("kick"),
        /** The application's backend dismissed the room (admin API DismissRoom). TRTC's {@code room-disband}. */
        ROOM_DISMISSED("room-disband");

        private final String trtcReason;

        Removal(String trtcReason) {
            this.trtcReason = trtcReason;
        }

        /** The {@code reason} of TRTC v4's {@code client-banned} event. */
        public String trtcReason() {
            return trtcReason;
        }
    }

    /** Something happened in the participant's room. */
    void on(RoomEvent event);

    /** The participant was removed by the server: tell it why and close its connection. */
    void banned(Removal removal, String message);

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
        public void banned(Removal removal, String message) {
        }
    };
}
