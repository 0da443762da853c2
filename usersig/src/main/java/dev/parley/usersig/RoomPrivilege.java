package dev.parley.usersig;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One bit of a PrivateMapKey's privilege map ({@code dwPrivilegeMap}), with TRTC's values. A map of
 * 255 grants everything.
 */
public enum RoomPrivilege {
    /** Create the room (bit value 1). */
    CREATE_ROOM(1),
    /** Enter the room (2). */
    ENTER_ROOM(2),
    /** Send audio (4). */
    SEND_AUDIO(4),
    /** Receive audio (8). */
    RECEIVE_AUDIO(8),
    /** Send video from the camera (16). */
    SEND_VIDEO(16),
    /** Receive camera video (32). */
    RECEIVE_VIDEO(32),
    /** Send the substream: screen sharing (64). */
    SEND_SCREEN(64),
    /** Receive the substream: screen sharing (128). */
    RECEIVE_SCREEN(128);

    /** The privilege map granting all eight privileges. */
    public static final long ALL = 0xFF;

    private final int bit;

    RoomPrivilege(int bit) {
        this.bit = bit;
    }

    /** @return this privilege's bit in {@code dwPrivilegeMap} */
    public int bit() {
        return bit;
    }

    /** @return whether {@code privilegeMap} grants this privilege */
    public boolean isIn(long privilegeMap) {
        return (privilegeMap & bit) != 0;
    }

    /** @return the privilege map granting exactly {@code privileges} */
    public static long mapOf(RoomPrivilege... privileges) {
        long map = 0;
        for (RoomPrivilege privilege : privileges) {
            map |= privilege.bit;
        }
        return map;
    }

    /** @return the privileges {@code privilegeMap} grants (bits above 128 are ignored), unmodifiable */
    public static Set<RoomPrivilege> setOf(long privilegeMap) {
        EnumSet<RoomPrivilege> set = EnumSet.noneOf(RoomPrivilege.class);
        for (RoomPrivilege privilege : values()) {
            if (privilege.isIn(privilegeMap)) {
                set.add(privilege);
            }
        }
        return Collections.unmodifiableSet(set);
    }
}
