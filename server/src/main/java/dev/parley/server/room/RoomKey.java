package dev.parley.server.room;

import dev.parley.usersig.RoomId;

/**
 * Which room: rooms belong to an application. Two apps' room 1234 are two rooms, and nothing (users,
 * streams, takeovers, limits) crosses between them.
 */
public record RoomKey(long sdkAppId, RoomId roomId) {
    @Override
    public String toString() {
        return roomId + " of app " + sdkAppId;
    }
}
