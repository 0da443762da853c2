package dev.parley.server.room;

import dev.parley.server.room.PeerEvents.Removal;
import dev.parley.server.room.RoomObserver.ExitReason;
import dev.parley.usersig.RoomId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What an application's backend may do to its rooms (the admin API): remove users, dismiss a room, look
 * at rooms. Every method runs on the SFU thread, as {@link Rooms} does; the caller has already checked
 * that it speaks for {@code sdkAppId}, and nothing here reaches another app's rooms.
 */
public final class RoomAdmin {
    private final Rooms rooms;

    public RoomAdmin(Rooms rooms) {
        this.rooms = rooms;
    }

    /**
     * Removes these users from the room: each gets {@code client-banned} (reason {@code kick}) and its
     * connection closes; the others see it leave. Users not in the room are skipped.
     *
     * @return the users removed, in the order asked; empty if the room does not exist
     */
    public List<String> removeUsers(RoomKey key, Collection<String> userIds) {
        Room room = rooms.room(key);
        List<String> removed = new ArrayList<>();
        if (room == null) {
            return removed;
        }
        for (String userId : userIds) {
            Participant p = room.participants().get(userId);
            if (p != null && !p.left()) {
                p.events().banned(Removal.KICKED, "removed from room " + key.roomId() + " by the application");
                rooms.exit(p, ExitReason.KICKED, "removed by the application");
                removed.add(userId);
            }
        }
        return removed;
    }

    /**
     * Ends the room: every participant gets {@code client-banned} (reason {@code room-disband}) and its
     * connection closes, then the room is gone.
     *
     * @return the users that were in it; empty if the room does not exist
     */
    public List<String> dismiss(RoomKey key) {
        Room room = rooms.room(key);
        List<String> removed = new ArrayList<>();
        if (room == null) {
            return removed;
        }
        for (Participant p : room.members()) {
            p.events().banned(Removal.ROOM_DISMISSED, "room " + key.roomId() + " was dismissed by the application");
            rooms.exit(p, ExitReason.ROOM_DISMISSED, "room dismissed by the application");
            removed.add(p.userId());
        }
        return removed;
    }

    /** The app's rooms, oldest first. */
    public List<RoomView> list(long sdkAppId) {
        return rooms.rooms().values().stream()
                .filter(r -> r.key().sdkAppId() == sdkAppId)
                .sorted(Comparator.comparingLong(Room::createdAtMillis))
                .map(RoomAdmin::view)
                .toList();
    }

    public Optional<RoomView> describe(RoomKey key) {
        return Optional.ofNullable(rooms.room(key)).map(RoomAdmin::view);
    }

    /** What every room holds now, for the metrics' gauges. */
    public RoomCounts counts() {
        int participants = 0;
        int publishers = 0;
        int publications = 0;
        int subscriptions = 0;
        for (Room r : rooms.rooms().values()) {
            for (Participant p : r.participants().values()) {
                participants++;
                publishers += p.publications().isEmpty() ? 0 : 1;
                publications += p.publications().size();
                subscriptions += p.subscribed().size();
            }
        }
        return new RoomCounts(rooms.rooms().size(), participants, publishers, publications, subscriptions);
    }

    private static RoomView view(Room r) {
        RoomId id = r.id();
        List<RoomView.User> users = r.participants().values().stream()
                .map(p -> new RoomView.User(p.userId(), p.role(), p.joinedAtMillis())).toList();
        List<StreamInfo> streams = r.publications().values().stream().map(Publication::info).toList();
        return new RoomView(r.key().sdkAppId(), id, r.createdAtMillis(), users, streams);
    }
}
