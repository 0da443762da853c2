package dev.parley.server.room;

/**
 * What happens to rooms, for the server's backend-facing parts (webhooks, metrics): one call per room
 * lifecycle change, made on the SFU thread right after the change. An implementation must not block and must
 * not call back into {@link Rooms}; it queues what it needs. Exits are reported from the participant's actual
 * removal from its room, whatever caused it.
 */
public interface RoomObserver {
    RoomObserver NONE = new RoomObserver() {
    };

    /** Why a participant is no longer in its room. */
    enum ExitReason {
        /** The client asked to leave. */
        LEFT,
        /** The connection closed or went silent. */
        CONNECTION_LOST,
        /** Another client joined with the same userId and took its place. */
        REPLACED,
        /** The application's backend removed the user (admin API). */
        KICKED,
        /** The application's backend dismissed the room (admin API). */
        ROOM_DISMISSED
    }

    /** The kinds of media a publication carries, as TRTC's media callbacks count them. */
    enum MediaKind {
        AUDIO, VIDEO, AUX_VIDEO
    }

    /** A room came into being with its first participant, who enters next. */
    default void roomCreated(RoomKey room, String byUserId) {
    }

    /** The room ended: its last participant left, or it was dismissed (after every exit). */
    default void roomDismissed(RoomKey room) {
    }

    default void entered(RoomKey room, String userId, Participant.Role role) {
    }

    default void exited(RoomKey room, String userId, Participant.Role role, ExitReason reason) {
    }

    default void roleChanged(RoomKey room, String userId, Participant.Role role) {
    }

    /** A participant started sending {@code kind} (published, or unmuted). */
    default void mediaStarted(RoomKey room, String userId, MediaKind kind) {
    }

    /**
     * A participant stopped sending {@code kind} (unpublished, or muted). Not called when the participant
     * exits: as TRTC's callbacks, the exit implies it.
     */
    default void mediaStopped(RoomKey room, String userId, MediaKind kind) {
    }
}
