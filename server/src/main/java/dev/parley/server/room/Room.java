package dev.parley.server.room;

import dev.parley.usersig.RoomId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A room (mediasoup's Router): who is in it and what is published. Owned by the SFU thread. */
public final class Room {
    private final RoomKey key;
    private final long createdAtMillis = System.currentTimeMillis();
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final Map<String, Publication> publications = new LinkedHashMap<>();

    Room(RoomKey key) {
        this.key = key;
    }

    public RoomId id() {
        return key.roomId();
    }

    public RoomKey key() {
        return key;
    }

    /** Wall-clock creation time (epoch milliseconds), for the admin API. */
    long createdAtMillis() {
        return createdAtMillis;
    }

    Map<String, Participant> participants() {
        return participants;
    }

    Map<String, Publication> publications() {
        return publications;
    }

    int publisherCount() {
        return (int) participants.values().stream().filter(p -> !p.publications().isEmpty()).count();
    }

    /** Sends an event to everyone in the room but {@code except}. */
    void broadcast(Participant except, RoomEvent event) {
        for (Participant p : List.copyOf(participants.values())) {
            if (p != except) {
                p.events().on(event);
            }
        }
    }

    Collection<Participant> members() {
        return new ArrayList<>(participants.values());
    }

    public int size() {
        return participants.size();
    }
}
