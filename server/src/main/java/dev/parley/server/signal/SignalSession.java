package dev.parley.server.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.server.sfu.Participant;
import dev.parley.server.sfu.PeerEvents;
import dev.parley.server.sfu.RoomId;
import dev.parley.server.sfu.Sfu;
import dev.parley.server.sfu.StreamType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signaling conversation: validates each request of docs/PROTOCOL.md and turns it into one
 * call on the {@link Sfu}. Requests are parsed on the connection's I/O thread and executed, in order, on
 * the SFU thread, which owns {@link #participant}.
 */
public final class SignalSession implements PeerEvents {
    private static final Logger log = LoggerFactory.getLogger(SignalSession.class);
    public static final int PROTOCOL_VERSION = 1;
    public static final int MAX_FRAME_CHARS = 64 * 1024;
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,32}");

    /**
     * The connection as the session sees it. Thread-safe (Netty queues writes onto the channel's loop).
     * {@link #send} never queues without bound: a peer that stops reading is disconnected instead.
     */
    public interface Outbox {
        void send(String json);

        /** Sends a close frame with {@code code} and closes the connection. */
        void close(CloseCode code, String why);

        /** The session joined a room: from now on this is a participant's connection, not an anonymous one. */
        void joined();

        /** The client's address, for per-address limits. */
        java.net.InetAddress remoteAddress();
    }

    private final ObjectMapper json;
    private final Sfu sfu;
    private final Executor sfuThread;
    private final Outbox outbox;
    private final long heartbeatIntervalMs;
    private Participant participant; // SFU thread only
    private boolean closed;          // SFU thread only

    public SignalSession(ObjectMapper json, Sfu sfu, Executor sfuThread, Outbox outbox, long heartbeatIntervalMs) {
        this.json = json;
        this.sfu = sfu;
        this.sfuThread = sfuThread;
        this.outbox = outbox;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
    }

    /** A text frame arrived (I/O thread). */
    public void onFrame(String text) {
        if (text.length() > MAX_FRAME_CHARS) {
            respondError(0, ErrorCode.INVALID_PARAMETER,
                    "frame of " + text.length() + " characters exceeds the limit of " + MAX_FRAME_CHARS);
            return;
        }
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (Exception e) {
            respondError(0, ErrorCode.INVALID_PARAMETER, "frame is not valid JSON");
            return;
        }
        if (msg == null || !msg.isObject()) {
            respondError(0, ErrorCode.INVALID_PARAMETER, "frame must be a JSON object");
            return;
        }
        JsonNode idNode = msg.get("id");
        long id = idNode != null && idNode.canConvertToLong() && idNode.isIntegralNumber() ? idNode.asLong() : 0;
        if (id <= 0) {
            respondError(0, ErrorCode.INVALID_PARAMETER, "request needs a positive integer 'id'");
            return;
        }
        JsonNode v = msg.get("v");
        if (v == null || !v.isInt() || v.asInt() != PROTOCOL_VERSION) {
            respondError(id, ErrorCode.INVALID_PARAMETER,
                    "unsupported protocol version " + v + "; this server speaks v" + PROTOCOL_VERSION);
            return;
        }
        String type = msg.path("type").asText("");
        JsonNode data = msg.path("data");
        if (!data.isObject()) {
            data = json.createObjectNode();
        }
        JsonNode request = data;
        sfuThread.execute(() -> handle(id, type, request));
    }

    /** The WebSocket closed or went silent (I/O thread). */
    public void onClosed(String why) {
        sfuThread.execute(() -> {
            closed = true;
            if (participant != null) {
                sfu.leave(participant, why);
                participant = null;
            }
        });
    }

    private void handle(long id, String type, JsonNode data) {
        if (closed) {
            return;
        }
        try {
            Object result = switch (type) {
                case "join" -> join(data);
                case "publish" -> publish(data);
                case "unpublish" -> {
                    sfu.unpublish(participant, streamType(data));
                    yield Map.of();
                }
                case "subscribe" -> Map.of("offer", sfu.subscribe(participant, text(data, "streamId"),
                        bool(data, "audio", true), bool(data, "video", true)));
                case "unsubscribe" -> Map.of("offer", sfu.unsubscribe(participant, text(data, "streamId")));
                case "downlink-answer" -> {
                    sfu.downlinkAnswer(participant, text(data, "answer"));
                    yield Map.of();
                }
                case "mute" -> {
                    String kind = text(data, "kind");
                    if (!kind.equals("audio") && !kind.equals("video")) {
                        throw new SignalException(ErrorCode.INVALID_PARAMETER, "kind must be 'audio' or 'video'");
                    }
                    sfu.mute(participant, streamType(data), kind, bool(data, "muted", true));
                    yield Map.of();
                }
                case "leave" -> {
                    if (participant != null) {
                        sfu.leave(participant, "leave");
                        participant = null;
                    }
                    yield Map.of();
                }
                case "set-remote-video-stream-type" -> {
                    String t = text(data, "type");
                    if (!t.equals("big") && !t.equals("small")) {
                        throw new SignalException(ErrorCode.INVALID_PARAMETER, "type must be 'big' or 'small'");
                    }
                    sfu.setRemoteVideoStreamType(participant, text(data, "streamId"), t.equals("small"));
                    yield Map.of();
                }
                case "switch-role" -> {
                    sfu.switchRole(participant, role(data));
                    yield Map.of();
                }
                case "heartbeat" -> Map.of();
                default -> throw new SignalException(ErrorCode.INVALID_PARAMETER,
                        type.isEmpty() ? "request needs a 'type'" : "unknown request type '" + clip(type) + "'");
            };
            respond(id, result);
            if (type.equals("join")) {
                sfu.announceRoomTo(participant);
            } else if (type.equals("leave")) {
                closed = true;
                outbox.close(CloseCode.NORMAL, "leave");
            }
        } catch (SignalException e) {
            respondError(id, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("request {} '{}' of {} failed", id, type, participant, e);
            respondError(id, ErrorCode.SERVER_ERROR, "internal error handling '" + type + "': " + e);
        }
    }

    private Object join(JsonNode data) throws SignalException {
        if (participant != null) {
            throw new SignalException(ErrorCode.INVALID_OPERATION, "already joined room " + participant.room().id()
                    + "; leave it first");
        }
        JsonNode appNode = data.get("sdkAppId");
        long sdkAppId = appNode != null && appNode.canConvertToLong() ? appNode.asLong()
                : appNode != null && appNode.isTextual() ? parseLong(appNode.asText()) : -1;
        if (sdkAppId <= 0) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "sdkAppId must be a positive number");
        }
        String userId = text(data, "userId");
        if (!USER_ID.matcher(userId).matches()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER,
                    "userId must be 1-32 characters of letters, digits, '_' and '-'");
        }
        String userSig = text(data, "userSig");
        RoomId roomId = RoomId.of(data.get("roomId"));
        participant = sfu.join(sdkAppId, userId, userSig, roomId, role(data), this);
        outbox.joined(); // before the response: the client may send more the moment it reads it
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roomId", roomId.json());
        out.put("userId", userId);
        out.put("heartbeatIntervalMs", heartbeatIntervalMs);
        return out;
    }

    private Object publish(JsonNode data) throws SignalException {
        Sfu.Published published = sfu.publish(participant, streamType(data), text(data, "offer"),
                bool(data, "audioMuted", false), bool(data, "videoMuted", false));
        return Map.of("answer", published.answerSdp(), "streamId", published.streamId());
    }

    private static Participant.Role role(JsonNode data) throws SignalException {
        return switch (data.path("role").asText("anchor")) {
            case "anchor" -> Participant.Role.ANCHOR;
            case "audience" -> Participant.Role.AUDIENCE;
            default -> throw new SignalException(ErrorCode.INVALID_PARAMETER, "role must be 'anchor' or 'audience'");
        };
    }

    private static StreamType streamType(JsonNode data) throws SignalException {
        String t = data.path("type").asText("main");
        StreamType type = StreamType.fromWire(t);
        if (type == null) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "stream type must be 'main' or 'auxiliary'");
        }
        return type;
    }

    private static String text(JsonNode data, String field) throws SignalException {
        JsonNode n = data.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    private static boolean bool(JsonNode data, String field, boolean dflt) throws SignalException {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private void respond(long id, Object data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("v", PROTOCOL_VERSION).put("type", "response").put("id", id).put("ok", true);
        frame.set("data", json.valueToTree(data == null ? Map.of() : data));
        send(frame);
    }

    private void respondError(long id, ErrorCode code, String message) {
        ObjectNode frame = json.createObjectNode();
        frame.put("v", PROTOCOL_VERSION).put("type", "response").put("id", id).put("ok", false);
        frame.putObject("error").put("code", code.code()).put("name", code.name()).put("message", message);
        send(frame);
    }

    @Override
    public void event(String name, Object data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("v", PROTOCOL_VERSION).put("type", "event").put("name", name);
        frame.set("data", json.valueToTree(data));
        send(frame);
    }

    @Override
    public void banned(String reason, String message) {
        event("client-banned", Map.of("reason", reason, "message", message));
        closed = true;
        participant = null;
        outbox.close(CloseCode.REPLACED, "banned: " + reason);
    }

    private void send(ObjectNode frame) {
        try {
            outbox.send(json.writeValueAsString(frame));
        } catch (Exception e) {
            log.error("cannot serialise a signaling frame", e);
        }
    }
}
