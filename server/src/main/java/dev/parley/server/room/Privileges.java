package dev.parley.server.room;

import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.server.room.RoomException.Reason;
import dev.parley.usersig.RoomPrivilege;
import java.util.Map;

/**
 * TRTC's PrivateMapKey privileges applied to streams: the camera stream's audio and video need
 * SEND_AUDIO / SEND_VIDEO to publish and RECEIVE_AUDIO / RECEIVE_VIDEO to subscribe; the auxiliary
 * (screen-share) stream's video needs SEND_SCREEN / RECEIVE_SCREEN, its audio the audio bits. A refusal
 * names the missing privilege, in the message and as the error's {@code privilege} field.
 */
final class Privileges {
    private Privileges() {
    }

    static void requireToSend(Grant grant, StreamType type, boolean audio, boolean video, String userId)
            throws RoomException {
        if (audio && !grant.has(RoomPrivilege.SEND_AUDIO)) {
            throw refused(Reason.NOT_ALLOWED, RoomPrivilege.SEND_AUDIO, userId + " may not publish audio");
        }
        RoomPrivilege videoBit = type == StreamType.AUXILIARY ? RoomPrivilege.SEND_SCREEN : RoomPrivilege.SEND_VIDEO;
        if (video && !grant.has(videoBit)) {
            throw refused(Reason.NOT_ALLOWED, videoBit, userId + " may not publish "
                    + (type == StreamType.AUXILIARY ? "screen-share video" : "camera video"));
        }
    }

    static void requireToReceive(Grant grant, StreamType type, boolean audio, boolean video, String userId,
                                 String streamId) throws RoomException {
        if (audio && !grant.has(RoomPrivilege.RECEIVE_AUDIO)) {
            throw refused(Reason.NOT_ALLOWED, RoomPrivilege.RECEIVE_AUDIO, userId
                    + " may not receive the audio of stream " + streamId + "; subscribe with {audio: false}");
        }
        RoomPrivilege videoBit = type == StreamType.AUXILIARY ? RoomPrivilege.RECEIVE_SCREEN
                : RoomPrivilege.RECEIVE_VIDEO;
        if (video && !grant.has(videoBit)) {
            throw refused(Reason.NOT_ALLOWED, videoBit, userId + " may not receive the video of stream "
                    + streamId + "; subscribe with {video: false}");
        }
    }

    static RoomException refused(Reason reason, RoomPrivilege missing, String what) {
        return new RoomException(reason, what + ": the PrivateMapKey lacks privilege " + missing.name()
                + " (bit " + missing.bit() + ")", Map.of("privilege", missing.name()));
    }
}
