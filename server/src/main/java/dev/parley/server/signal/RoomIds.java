package dev.parley.server.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.usersig.RoomId;
import java.util.regex.Pattern;

/**
 * The {@code roomId} field of a join, read into the system's one {@link RoomId} (numeric 1 … 4294967294,
 * or a string; 1234 and "1234" are different rooms), and written back the way the client sent it.
 */
final class RoomIds {
    // TRTC's documented character set for string room ids.
    private static final Pattern STRING_ROOM = Pattern.compile("[A-Za-z0-9 !#$%&()+\\-:;<=.>?@\\[\\]^_{}|~,]{1,64}");

    private RoomIds() {
    }

    static RoomId parse(JsonNode node) throws SignalException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "roomId is required");
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.asLong() < RoomId.MIN_NUMERIC || node.asLong() > RoomId.MAX_NUMERIC) {
                throw new SignalException(ErrorCode.INVALID_PARAMETER,
                        "numeric roomId must be 1-" + RoomId.MAX_NUMERIC + ", got " + node.asText());
            }
            return RoomId.numeric(node.asLong());
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (!STRING_ROOM.matcher(s).matches()) {
                throw new SignalException(ErrorCode.INVALID_PARAMETER, "string roomId must be 1-64 characters of"
                        + " letters, digits and !#$%&()+-:;<=.>?@[]^_{}|~, and space");
            }
            return RoomId.text(s);
        }
        throw new SignalException(ErrorCode.INVALID_PARAMETER, "roomId must be a number or a string");
    }

    /** The id as the client sent it: a JSON number or string. */
    static Object json(RoomId id) {
        return id instanceof RoomId.Numeric n ? (Object) n.value() : ((RoomId.Text) id).value();
    }
}
