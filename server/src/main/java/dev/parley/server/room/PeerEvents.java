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
}
