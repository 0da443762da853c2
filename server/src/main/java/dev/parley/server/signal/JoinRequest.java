package dev.parley.server.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.room.Participant;
import dev.parley.server.room.RoomKey;
import dev.parley.usersig.RoomId;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code join} request's data, validated (docs/PROTOCOL.md). */
record JoinRequest(long sdkAppId, String userId, String userSig, RoomId roomId, Participant.Role role,
                   String mode, Optional<String> privateMapKey) {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,32}");
    /** TRTC v4's modes; 'videoCall' is an older page's name for 'rtc'. */
    private static final java.util.Set<String> MODES = java.util.Set.of("rtc", "videoCall", "live");

    static JoinRequest parse(JsonNode data) throws SignalException {
        long sdkAppId = sdkAppId(data.get("sdkAppId"));
        String userId = Fields.text(data, "userId");
        if (!USER_ID.matcher(userId).matches()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER,
                    "userId must be 1-32 characters of letters, digits, '_' and '-'");
        }
        String userSig = Fields.text(data, "userSig");
        RoomId roomId = RoomIds.parse(data.get("roomId"));
        JsonNode modeNode = data.get("mode");
        String mode = modeNode == null || modeNode.isNull() ? "rtc" : modeNode.asText("");
        if (modeNode != null && !modeNode.isNull() && !modeNode.isTextual() || !MODES.contains(mode)) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER,
                    "mode must be 'rtc' or 'live' ('videoCall' is taken as 'rtc'), got " + modeNode);
        }
        Participant.Role role = Fields.role(data);
        if (role == Participant.Role.AUDIENCE && !mode.equals("live")) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER,
                    "role 'audience' exists only in mode 'live'; join with mode 'live' or role 'anchor'");
        }
        JsonNode key = data.get("privateMapKey");
        Optional<String> privateMapKey = Optional.empty();
        if (key != null && !key.isNull() && !(key.isTextual() && key.asText().isEmpty())) {
            privateMapKey = Optional.of(Fields.text(data, "privateMapKey"));
        }
        return new JoinRequest(sdkAppId, userId, userSig, roomId, role, mode, privateMapKey);
    }

    RoomKey roomKey() {
        return new RoomKey(sdkAppId, roomId);
    }

    private static long sdkAppId(JsonNode n) throws SignalException {
        long id = -1;
        if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
            id = n.asLong();
        } else if (n != null && n.isTextual() && n.asText().matches("[0-9]{1,10}")) {
            id = Long.parseLong(n.asText());
        }
        if (id < 1 || id > 0xFFFFFFFFL) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "sdkAppId must be a number from 1 to 4294967295");
        }
        return id;
    }
}
