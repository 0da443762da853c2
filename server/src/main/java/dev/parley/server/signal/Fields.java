package dev.parley.server.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.room.Participant;
import dev.parley.server.room.StreamType;

/** Typed access to a request's fields; every wrong or missing field is an {@code INVALID_PARAMETER}. */
final class Fields {
    private Fields() {
    }

    static String text(JsonNode data, String field) throws SignalException {
        JsonNode n = data.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    static boolean bool(JsonNode data, String field, boolean dflt) throws SignalException {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    static Participant.Role role(JsonNode data) throws SignalException {
        return switch (data.path("role").asText("anchor")) {
            case "anchor" -> Participant.Role.ANCHOR;
            case "audience" -> Participant.Role.AUDIENCE;
            default -> throw new SignalException(ErrorCode.INVALID_PARAMETER, "role must be 'anchor' or 'audience'");
        };
    }

    static StreamType streamType(JsonNode data) throws SignalException {
        StreamType type = StreamType.fromWire(data.path("type").asText("main"));
        if (type == null) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "stream type must be 'main' or 'auxiliary'");
        }
        return type;
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
