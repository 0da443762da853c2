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
    private PeerEvents events;
    private Grant grant;
    /** Opaque and unguessable: lets a new connection of this client take this participant over (resume). */
    private final String resumeToken;
    /** Bumped at each detach and resume: a grace timer of an earlier detach finds it changed and does nothing. */
    private long attachment;
    private boolean detached;
    /** The last replies sent to this client, by request id: a request sent again after a resume is not applied twice. */
    private final ReplyMemory replies = new ReplyMemory();
    /** What signaling keeps with the participant for its next connection (the accepted join); opaque here. */
    private Object signalingContext;
    private final Map<StreamType, Publication> publications = new EnumMap<>(StreamType.class);
    private final Set<String> subscribed = new LinkedHashSet<>();
    /** Streams this participant asked to receive as the small stream (setRemoteVideoStreamType). */
    private final Set<String> smallStreamsWanted = new java.util.HashSet<>();
    private MediaPlane.Downlink downlink;
    private boolean left;

    Participant(String userId, Room room, Role role, PeerEvents events,
                Grant grant, String resumeToken) {
        this.resumeToken = resumeToken;
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

    String resumeToken() {
        return resumeToken;
    }

    /** Whether its signaling connection dropped and no client has resumed it yet. */
    public boolean detached() {
        return detached;
    }

    long attachment() {
        return attachment;
    }

    /** Events go to {@code to} (a resumed connection), or nowhere while {@code to} is null (detached). */
    void attach(PeerEvents to) {
        attachment++;
        detached = to == null;
        events = to == null ? PeerEvents.NOWHERE : to;
    }

    public Object signalingContext() {
        return signalingContext;
    }

    public void signalingContext(Object context) {
        this.signalingContext = context;
    }

    /** What this client was last answered, for requests sent again after a resume. SFU thread. */
    public ReplyMemory replies() {
        return replies;
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

    public boolean left() {
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
