package dev.parley.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.usersig.RoomId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One admin request's JSON body, read strictly: TRTC's parameter names ({@code SdkAppId}, {@code RoomId},
 * {@code UserIds}), unknown parameters refused, every bad value named.
 */
final class AdminRequest {
    /** Users one RemoveUser may name (TRTC allows 10; a few more cost nothing here). */
    static final int MAX_USER_IDS = 100;
    private static final Pattern STRING_ROOM = Pattern.compile("[A-Za-z0-9 !#$%&()+\\-:;<=.>?@\\[\\]^_{}|~,]{1,64}");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,32}");

    private final JsonNode body;

    private AdminRequest(JsonNode body) {
        this.body = body;
    }

    static AdminRequest parse(ObjectMapper json, byte[] bytes, Set<String> allowed) throws AdminError {
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : json.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw AdminError.badRequest(AdminError.INVALID_PARAMETER, "the body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw AdminError.badRequest(AdminError.INVALID_PARAMETER, "the body is not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw AdminError.badRequest(AdminError.INVALID_PARAMETER,
                    "the body must be a JSON object such as {\"SdkAppId\": 1400000001, ...}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw AdminError.badRequest(AdminError.INVALID_PARAMETER, "unknown parameter '" + name
                        + "'; this action takes " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new AdminRequest(node);
    }

    long sdkAppId() throws AdminError {
        JsonNode v = required("SdkAppId");
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0 || v.asLong() > 0xFFFFFFFFL) {
            throw AdminError.badRequest(AdminError.INVALID_PARAMETER, "SdkAppId must be a number 1-4294967295");
        }
        return v.asLong();
    }

    /** RemoveUser, DismissRoom: TRTC's numeric RoomId. */
    RoomId numericRoomId() throws AdminError {
        JsonNode v = required("RoomId");
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < RoomId.MIN_NUMERIC
                || v.asLong() > RoomId.MAX_NUMERIC) {
            throw AdminError.badRequest(AdminError.INVALID_PARAMETER, "RoomId must be a number 1-" + RoomId.MAX_NUMERIC
                    + (v.isTextual() ? "; for a string room id use the ...ByStrRoomId action" : ""));
        }
        return RoomId.numeric(v.asLong());
    }

    /** The ...ByStrRoomId actions: TRTC's string room id. */
    RoomId stringRoomId() throws AdminError {
        JsonNode v = required("RoomId");
        if (!v.isTextual() || !STRING_ROOM.matcher(v.asText()).matches()) {
            throw AdminError.badRequest(AdminError.INVALID_PARAMETER, "RoomId must be a string of 1-64 letters, digits"
                    + " and !#$%&()+-:;<=.>?@[]^_{}|~, and space" + (v.isNumber()
                    ? "; for a numeric room id use the action without ByStrRoomId" : ""));
        }
        return RoomId.text(v.asText());
    }

    /** DescribeRoom: a number is a numeric room, a string a string room (1234 and "1234" differ). */
    RoomId anyRoomId() throws AdminError {
        return required("RoomId").isTextual() ? stringRoomId() : numericRoomId();
    }

    /** The RoomId as sent, for the log context; {@code -} when the action has none. */
    Object roomIdForLogs() {
        JsonNode v = body.get("RoomId");
        return v == null || v.isNull() ? "-" : v.asText();
    }

    List<String> userIds() throws AdminError {
        JsonNode v = required("UserIds");
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_USER_IDS) {
            throw AdminError.badRequest(AdminError.INVALID_PARAMETER,
                    "UserIds must be a list of 1-" + MAX_USER_IDS + " user ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : v) {
            if (!id.isTextual() || !USER_ID.matcher(id.asText()).matches()) {
                throw AdminError.badRequest(AdminError.INVALID_PARAMETER, "UserIds: each must be a string of 1-32"
                        + " letters, digits, _ and -; got " + clip(id.toString()));
            }
            ids.add(id.asText());
        }
        return new ArrayList<>(ids);
    }

    private JsonNode required(String name) throws AdminError {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            throw AdminError.badRequest(AdminError.MISSING_PARAMETER, "the parameter " + name + " is missing");
        }
        return v;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
