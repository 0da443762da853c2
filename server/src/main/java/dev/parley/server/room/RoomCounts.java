package dev.parley.server.room;

/**
 * How much the rooms hold at one moment, counted on the SFU thread (the metrics' gauges).
 *
 * @param publishers participants with at least one published stream
 * @param subscriptions streams received, summed over the participants
 */
public record RoomCounts(int rooms, int participants, int publishers, int publications, int subscriptions) {
    public static final RoomCounts ZERO = new RoomCounts(0, 0, 0, 0, 0);
}
