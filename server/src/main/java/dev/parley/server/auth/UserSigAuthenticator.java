package dev.parley.server.auth;

import dev.parley.server.sfu.RoomId;
import dev.parley.server.signal.ErrorCode;
import dev.parley.server.signal.SignalException;
import dev.parley.usersig.PrivateMapKey;
import dev.parley.usersig.RoomPrivilege;
import dev.parley.usersig.UserSigException;
import dev.parley.usersig.UserSigVerifier;
import dev.parley.usersig.VerifiedUserSig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a join against TLS-Sig-API v2 UserSigs ({@link UserSigVerifier}) and, when the UserSig carries a
 * PrivateMapKey, its room and privileges. A refusal is {@code JOIN_ROOM_FAILED} with the verifier's
 * reason, which names the failed check and never contains secret material.
 */
public final class UserSigAuthenticator implements JoinAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(UserSigAuthenticator.class);

    private final UserSigVerifier verifier;

    public UserSigAuthenticator(UserSigVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Grant authorize(long sdkAppId, String userId, String userSig, RoomId roomId) throws SignalException {
        VerifiedUserSig verified;
        try {
            verified = verifier.verify(sdkAppId, userId, userSig);
        } catch (UserSigException e) {
            log.info("join of {} to room {} refused: {} ({})", userId, roomId, e.reason(), e.getMessage());
            throw new SignalException(ErrorCode.JOIN_ROOM_FAILED, e.getMessage());
        }
        Optional<PrivateMapKey> key = verified.privateMapKey();
        if (key.isEmpty()) {
            return Grant.ALL;
        }
        dev.parley.usersig.RoomId room = roomId.numeric()
                ? dev.parley.usersig.RoomId.numeric(Long.parseLong(roomId.value()))
                : dev.parley.usersig.RoomId.text(roomId.value());
        if (!key.get().allows(room, RoomPrivilege.ENTER_ROOM)) {
            throw new SignalException(ErrorCode.JOIN_ROOM_FAILED, "the UserSig's PrivateMapKey does not let "
                    + userId + " enter room " + roomId + " (it is for room " + key.get().roomId()
                    + " with privileges " + key.get().privileges() + ")");
        }
        return new Grant(key.get().has(RoomPrivilege.SEND_AUDIO), key.get().has(RoomPrivilege.SEND_VIDEO),
                key.get().has(RoomPrivilege.SEND_SCREEN));
    }
}
