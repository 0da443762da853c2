package dev.parley.server.config;

/** Per-room limits; a join or publish beyond them is refused with a clear error. */
public record RoomLimits(int maxUsers, int maxPublishers) {
    public static final RoomLimits DEFAULT = new RoomLimits(50, 20);

    public RoomLimits {
        if (maxUsers < 1 || maxPublishers < 1) {
            throw new IllegalArgumentException("room limits must be at least 1");
        }
    }
}
