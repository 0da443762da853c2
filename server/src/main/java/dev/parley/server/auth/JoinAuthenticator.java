package dev.parley.server.auth;

import dev.parley.server.sfu.RoomId;
import dev.parley.server.signal.SignalException;

/** Decides whether a join may proceed. Implementations must not log secrets or full UserSigs. */
public interface JoinAuthenticator {
    /**
     * @return what the user may do in the room
     * @throws SignalException {@code JOIN_ROOM_FAILED} with a message naming the check that failed
     */
    Grant authorize(long sdkAppId, String userId, String userSig, RoomId roomId) throws SignalException;

    /** What a verified user may do; from the UserSig's PrivateMapKey when it has one, else everything. */
    record Grant(boolean mayPublishAudio, boolean mayPublishVideo, boolean mayPublishScreen) {
        public static final Grant ALL = new Grant(true, true, true);
    }
}
