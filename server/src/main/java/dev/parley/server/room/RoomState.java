package dev.parley.server.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room as one participant must see it right now (docs/PROTOCOL.md "Room state"): the other users it is
 * told about, the others' streams, and its own streams and subscriptions as the server holds them. Sent in
 * the response to a {@code resume} (and to a {@code join} that asks for it), so a client that was away can
 * make its view exact by comparing, instead of replaying the events it missed.
 *
 * @param peers the other visible users (not the live-mode audience)
 * @param streams the others' published streams
 * @param published this participant's own streams, stream type → stream id
 * @param subscribed the stream ids this participant receives
 */
public record RoomState(List<String> peers, List<StreamInfo> streams, Map<String, String> published,
                        List<String> subscribed) {

    /** SFU thread. */
    static RoomState of(Participant p) {
        List<String> peers = new ArrayList<>();
        for (Participant other : p.room().members()) {
            if (other != p && other.visible()) {
                peers.add(other.userId());
            }
        }
        List<StreamInfo> streams = new ArrayList<>();
        for (Publication pub : p.room().publications().values()) {
            if (pub.owner() != p) {
                streams.add(pub.info());
            }
        }
        Map<String, String> published = new LinkedHashMap<>();
        p.publications().forEach((type, pub) -> published.put(type.wire(), pub.streamId()));
        return new RoomState(List.copyOf(peers), List.copyOf(streams), Map.copyOf(published),
                List.copyOf(p.subscribed()));
    }
}
