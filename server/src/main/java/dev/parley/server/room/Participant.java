package dev.parley.server.room;

import dev.parley.sfu.MediaPlane;
import dev.parley.server.auth.JoinAuthenticator.Grant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One user in one room: its signaling side ({@link PeerEvents}), its publish side (publications) and its
 * subscribe side (the downlink and the streams it receives). Owned by the SFU thread.
 */
public final class Participant {
    private final String userId;
    private final long joinedAtMillis = System.currentTimeMillis();
    private final Room room;
    private Role role;
    private final PeerEvents events;
    private Grant grant;
    private final Map<StreamType, Publication> publications = new EnumMap<>(StreamType.class);
    private final Set<String> subscribed = new LinkedHashSet<>();
    /** Streams this participant asked to receive as the small stream (setRemoteVideoStreamType). */
    private final Set<String> smallStreamsWanted = new java.util.HashSet<>();
    private MediaPlane.Downlink downlink;
    private boolean left;

    Participant(String userId, Room room, Role role, PeerEvents events,
                Grant grant) {
        this.userId = userId;
        this.room = room;
        this.role = role;
        this.events = events;
        this.grant = grant;
    }

    /** TRTC roles: an anchor may publish, an audience member only subscribes (live mode). */
    public enum Role {
        ANCHOR, AUDIENCE;

        /** The number TRTC's server API and callbacks give the role: 20 anchor, 21 audience. */
        public int trtcCode() {
            return this == ANCHOR ? 20 : 21;
        }
    }

    public String userId() {
        return userId;
    }

    public Room room() {
        return room;
    }

    /** Wall-clock time of the join (epoch milliseconds), for the admin API. */
    long joinedAtMillis() {
        return joinedAtMillis;
    }

    Role role() {
        return role;
    }

    void role(Role newRole) {
        this.role = newRole;
    }

    PeerEvents events() {
        return events;
    }

    Grant grant() {
        return grant;
    }

    void grant(Grant newGrant) {
        this.grant = newGrant;
    }

    /** Whether the others are told about this user (peer-join/peer-leave): an audience member is not (TRTC live mode). */
    boolean visible() {
        return role == Role.ANCHOR;
    }

    Map<StreamType, Publication> publications() {
        return publications;
    }

    Set<String> smallStreamsWanted() {
        return smallStreamsWanted;
    }

    Set<String> subscribed() {
        return subscribed;
    }

    MediaPlane.Downlink downlink() {
        return downlink;
    }

    void downlink(MediaPlane.Downlink d) {
        this.downlink = d;
    }

    boolean left() {
        return left;
    }

    void markLeft() {
        left = true;
    }

    @Override
    public String toString() {
        return userId + "@" + room.id();
    }
}
