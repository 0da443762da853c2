package dev.parley.server.auth;

import dev.parley.usersig.RoomId;
import dev.parley.usersig.RoomPrivilege;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a join may proceed. Implementations must not log secrets or full UserSigs. Called off
 * the media thread (signaling's executor): an implementation may be slow, but must be thread-safe.
 */
public interface JoinAuthenticator {
    /**
     * @param privateMapKey TRTC's {@code join({privateMapKey})} option, when the page passed one
     * @return what the user may do in the room
     * @throws AuthException with a message naming the check that failed
     */
    Grant authorize(long sdkAppId, String userId, String userSig, Optional<String> privateMapKey, RoomId roomId)
            throws AuthException;

    /**
     * What a verified user may do in the room it joined: TRTC's PrivateMapKey privileges (the bits of
     * {@code dwPrivilegeMap}), or all of them when no PrivateMapKey was presented.
     */
    record Grant(Set<RoomPrivilege> privileges) {
        public static final Grant ALL = new Grant(EnumSet.allOf(RoomPrivilege.class));

        public Grant {
            privileges = privileges.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(privileges));
        }

        public boolean has(RoomPrivilege privilege) {
            return privileges.contains(privilege);
        }

        /** What both grants allow: every PrivateMapKey presented must allow an action. */
        public Grant and(Grant other) {
            EnumSet<RoomPrivilege> both = EnumSet.noneOf(RoomPrivilege.class);
            for (RoomPrivilege p : privileges) {
                if (other.has(p)) {
                    both.add(p);
                }
            }
            return new Grant(both);
        }
    }
}
