package dev.parley.server.signal;

import dev.parley.server.room.RoomEvent;
import java.util.Map;

/** The protocol's event frames (docs/PROTOCOL.md, "Events") for what rooms report. */
final class EventFrames {
    /** An event's name and its {@code data} payload. */
    record Frame(String name, Object data) {
    }

    private EventFrames() {
    }

    static Frame of(RoomEvent event) {
        // Java 17 has no pattern switch; the sealed interface keeps this list complete by review.
        if (event instanceof RoomEvent.PeerJoined e) {
            return new Frame("peer-join", Map.of("userId", e.userId()));
        } else if (event instanceof RoomEvent.PeerLeft e) {
            return new Frame("peer-leave", Map.of("userId", e.userId()));
        } else if (event instanceof RoomEvent.StreamAdded e) {
            return new Frame("stream-added", Map.of("stream", e.stream()));
        } else if (event instanceof RoomEvent.StreamRemoved e) {
            return new Frame("stream-removed", Map.of("stream", e.stream()));
        } else if (event instanceof RoomEvent.StreamUpdated e) {
            return new Frame("stream-updated", Map.of("stream", e.stream()));
        } else if (event instanceof RoomEvent.MuteChanged e) {
            return new Frame((e.muted() ? "mute-" : "unmute-") + e.kind(),
                    Map.of("userId", e.userId(), "streamId", e.streamId()));
        } else if (event instanceof RoomEvent.MediaLost e) {
            ErrorCode code = e.direction() == RoomEvent.MediaLost.Direction.UPLINK
                    ? ErrorCode.UPLINK_RECONNECTION_FAILED : ErrorCode.DOWNLINK_RECONNECTION_FAILED;
            boolean up = e.direction() == RoomEvent.MediaLost.Direction.UPLINK;
            return new Frame("error", Map.of("error", Map.of("code", code.code(), "name", code.name(),
                    "message", e.message()), "direction", up ? "uplink" : "downlink", "streamId", e.streamId()));
        } else if (event instanceof RoomEvent.ServerGoingAway e) {
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("reconnectUrl", e.reconnectUrl().orElse(null));
            data.put("drainTimeoutSeconds", e.drainTimeout().toSeconds());
            return new Frame("server-going-away", data);
        }
        throw new IllegalArgumentException("no event frame for " + event);
    }
}
