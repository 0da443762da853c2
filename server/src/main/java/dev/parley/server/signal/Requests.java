package dev.parley.server.signal;

import dev.parley.server.room.Participant;
import dev.parley.server.room.RoomException;
import dev.parley.server.room.Rooms;
import java.util.Map;
import java.util.Set;

/**
 * The requests that are one plain call on the {@link Rooms} (no off-thread part): they run on the SFU thread.
 * The others have an off-thread part or need the session's state: {@link SignalSession} runs them, with
 * {@link Joins} ({@code join}, {@code resume}, {@code update-private-map-key}), {@link SdpRequests}
 * ({@code publish}, {@code republish}, {@code downlink-answer}) and {@link IceRestarts} ({@code restart-ice}).
 */
final class Requests {
    /** Every request type of docs/PROTOCOL.md. */
    static final Set<String> TYPES = Set.of("join", "publish", "unpublish", "subscribe", "unsubscribe",
            "downlink-answer", "mute", "leave", "set-remote-video-stream-type", "switch-role", "heartbeat",
            "update-private-map-key", "republish", "resume", "restart-ice");

    /**
     * Requests whose replies a participant remembers by id, so that one sent again after a resume is not
     * applied twice (docs/PROTOCOL.md "Resume"). Not join/resume (they make the participant) nor heartbeat.
     */
    static final Set<String> REMEMBERED = Set.of("publish", "unpublish", "subscribe", "unsubscribe",
            "downlink-answer", "mute", "set-remote-video-stream-type", "switch-role", "update-private-map-key",
            "republish", "restart-ice");

    private Requests() {
    }

    static Object handle(Rooms sfu, Participant participant, RequestFrame req) throws SignalException, RoomException {
        var data = req.data();
        switch (req.type()) {
            case "unpublish" -> sfu.unpublish(participant, Fields.streamType(data));
            case "subscribe" -> {
                return Map.of("offer", sfu.subscribe(participant, Fields.text(data, "streamId"),
                        Fields.bool(data, "audio", true), Fields.bool(data, "video", true)));
            }
            case "unsubscribe" -> {
                return Map.of("offer", sfu.unsubscribe(participant, Fields.text(data, "streamId")));
            }
            case "mute" -> {
                String kind = Fields.text(data, "kind");
                if (!kind.equals("audio") && !kind.equals("video")) {
                    throw new SignalException(ErrorCode.INVALID_PARAMETER, "kind must be 'audio' or 'video'");
                }
                sfu.mute(participant, Fields.streamType(data), kind, Fields.bool(data, "muted", true));
            }
            case "set-remote-video-stream-type" -> {
                String t = Fields.text(data, "type");
                if (!t.equals("big") && !t.equals("small")) {
                    throw new SignalException(ErrorCode.INVALID_PARAMETER, "type must be 'big' or 'small'");
                }
                sfu.setRemoteVideoStreamType(participant, Fields.text(data, "streamId"), t.equals("small"));
            }
            case "heartbeat" -> { }
            default -> throw new SignalException(ErrorCode.INVALID_PARAMETER,
                    "unknown request type '" + Fields.clip(req.type()) + "'");
        }
        return Map.of();
    }
}
