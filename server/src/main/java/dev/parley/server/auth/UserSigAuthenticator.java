package dev.parley.server.auth;

import dev.parley.usersig.PrivateMapKey;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.RoomPrivilege;
import dev.parley.usersig.UserSigException;
import dev.parley.usersig.UserSigVerifier;
import dev.parley.usersig.VerifiedUserSig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a join against TLS-Sig-API v2 UserSigs ({@link UserSigVerifier}) and the PrivateMapKeys that
 * come with it: one inside the UserSig's user buffer, one as TRTC's {@code privateMapKey} join option
 * (itself a signed v2 document for the same app and user). Every key presented must let the user enter
 * this room, and the privileges granted are those all keys share. A refusal is an {@link AuthException}
 * with the verifier's reason, which names the failed check and never contains secret material.
 */
public final class UserSigAuthenticator implements JoinAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(UserSigAuthenticator.class);

    private final UserSigVerifier verifier;

    public UserSigAuthenticator(UserSigVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Grant authorize(long sdkAppId, String userId, String userSig, Optional<String> privateMapKey,
                           RoomId roomId) throws AuthException {
        VerifiedUserSig verified = verify(sdkAppId, userId, userSig, roomId, "UserSig");
        Grant grant = verified.privateMapKey().isPresent()
                ? grantIn(verified.privateMapKey().get(), userId, roomId, "the UserSig's PrivateMapKey")
                : Grant.ALL;
        if (privateMapKey.isPresent()) {
            VerifiedUserSig option = verify(sdkAppId, userId, privateMapKey.get(), roomId, "privateMapKey");
            if (option.privateMapKey().isEmpty()) {
                throw new AuthException("privateMapKey carries no room privileges:"
                        + " generate it with genPrivateMapKey (or genPrivateMapKeyWithStringRoomID), not genUserSig");
            }
            grant = grant.and(grantIn(option.privateMapKey().get(), userId, roomId, "the privateMapKey"));
        }
        return grant;
    }

    private VerifiedUserSig verify(long sdkAppId, String userId, String sig, RoomId roomId, String what)
            throws AuthException {
        try {
            return verifier.verify(sdkAppId, userId, sig);
        } catch (UserSigException e) {
            log.info("join of {} to room {} of app {} refused: {} {} ({})", userId, roomId, sdkAppId, what,
                    e.reason(), e.getMessage());
            throw new AuthException(what.equals("UserSig") ? e.getMessage() : what + ": " + e.getMessage(),
                    e.reason().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static Grant grantIn(PrivateMapKey key, String userId, RoomId roomId, String what)
            throws AuthException {
        if (!key.allows(roomId, RoomPrivilege.ENTER_ROOM)) {
            boolean sameRoom = key.roomId().equals(roomId);
            throw new AuthException(what + " does not let " + userId + " enter room " + roomId + " ("
                    + (sameRoom ? "missing privilege ENTER_ROOM; it grants " + key.privileges()
                    : "it is for room " + key.roomId() + " only: ENTER_ROOM here needs a key for this room") + ")");
        }
        return new Grant(key.privileges());
    }
}
