package dev.parley.server.room;

import dev.parley.usersig.RoomId;
import java.util.List;

/**
 * A copy of one room's state taken on the SFU thread, for the admin API: safe to read on any thread.
 *
 * @param createdAtMillis wall-clock time the room was created (epoch milliseconds)
 */
public record RoomView(long sdkAppId, RoomId roomId, long createdAtMillis, List<User> users, List<StreamInfo> streams) {
    public RoomView {
        users = List.copyOf(users);
        streams = List.copyOf(streams);
    }

    /** One participant: its role and when it entered (epoch milliseconds). */
    public record User(String userId, Participant.Role role, long joinedAtMillis) {
    }
}
