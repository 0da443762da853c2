package dev.parley.server.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.signal.ErrorCode;
import dev.parley.server.signal.SignalException;
import java.util.regex.Pattern;

/**
 * A room's identity. TRTC has numeric rooms (1 … 4294967294) and string rooms; a numeric room 1234 and
 * a string room "1234" are different rooms, so the kind is part of the identity.
 */
public record RoomId(boolean numeric, String value) {
    public static final long MAX_NUMERIC = 4_294_967_294L;
    // TRTC's documented character set for string room ids.
    private static final Pattern STRING_ROOM = Pattern.compile("[A-Za-z0-9 !#$%&()+\\-:;<=.>?@\\[\\]^_{}|~,]{1,64}");

    public static RoomId of(JsonNode node) throws SignalException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "roomId is required");
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.asLong() < 1 || node.asLong() > MAX_NUMERIC) {
                throw new SignalException(ErrorCode.INVALID_PARAMETER,
                        "numeric roomId must be 1-" + MAX_NUMERIC + ", got " + node.asText());
            }
            return new RoomId(true, Long.toString(node.asLong()));
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (!STRING_ROOM.matcher(s).matches()) {
                throw new SignalException(ErrorCode.INVALID_PARAMETER, "string roomId must be 1-64 characters of"
                        + " letters, digits and !#$%&()+-:;<=.>?@[]^_{}|~, and space");
            }
            return new RoomId(false, s);
        }
        throw new SignalException(ErrorCode.INVALID_PARAMETER, "roomId must be a number or a string");
    }

    /** The same room as the usersig module names it (PrivateMapKeys are bound to one). */
    public dev.parley.usersig.RoomId toUserSigRoom() {
        return numeric ? dev.parley.usersig.RoomId.numeric(Long.parseLong(value))
                : dev.parley.usersig.RoomId.text(value);
    }

    /** The id as the client sent it: a JSON number or string. */
    public Object json() {
        return numeric ? (Object) Long.parseLong(value) : value;
    }

    @Override
    public String toString() {
        return numeric ? value : '"' + value + '"';
    }
}
