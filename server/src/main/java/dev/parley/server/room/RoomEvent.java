package dev.parley.server.room;

/**
 * What a participant is told about its room. Signaling turns each into its protocol's event frame
 * (docs/PROTOCOL.md); rooms know no event names or payload layouts.
 */
public sealed interface RoomEvent {
    /** Another user entered the room (also sent, one per user, to a participant who just joined). */
    record PeerJoined(String userId) implements RoomEvent {
    }

    /** Another user left the room. */
    record PeerLeft(String userId) implements RoomEvent {
    }

    /** A stream was published (also sent, one per stream, to a participant who just joined). */
    record StreamAdded(StreamInfo stream) implements RoomEvent {
    }

    record StreamRemoved(StreamInfo stream) implements RoomEvent {
    }

    /** Something a subscriber sees about a stream changed (muting, its small stream). */
    record StreamUpdated(StreamInfo stream) implements RoomEvent {
    }

    /** A publisher muted or unmuted one kind of its stream. */
    record MuteChanged(String userId, String streamId, String kind, boolean muted) implements RoomEvent {
    }

    /** This participant's own media connection died; its publication or subscriptions were dropped. */
    record MediaLost(Direction direction, String streamId, String message) implements RoomEvent {
        public enum Direction { UPLINK, DOWNLINK }
    }

    /**
     * The server is draining (SIGTERM): it takes no more joins and will close within {@code drainTimeout}.
     * {@code reconnectUrl} names another node to move to, when a deployment has one.
     */
    record ServerGoingAway(java.util.Optional<String> reconnectUrl, java.time.Duration drainTimeout)
            implements RoomEvent {
    }
}
