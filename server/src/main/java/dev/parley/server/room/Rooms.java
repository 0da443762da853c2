package dev.parley.server.room;

import dev.parley.sfu.MediaPlane;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.server.config.RoomLimits;
import dev.parley.server.room.RoomException.Reason;
import dev.parley.usersig.RoomId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.parley.usersig.RoomPrivilege;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms and what happens in them: join, publish, subscribe, mute, leave. Every method runs on the
 * SFU thread (see docs/ARCHITECTURE.md), so the maps here need no locks; signaling posts calls to it,
 * after it has verified the user (off this thread) into a {@link Grant}. Rooms are keyed by app and
 * room id ({@link RoomKey}): nothing crosses between applications.
 *
 * <p>The one entry point of the other packages, as mediasoup's Router: it checks that the participant is
 * still in its room, then does the work itself (membership, roles, grants) or hands it to the part of the
 * rooms it concerns — {@link Publishing}, {@link Subscribing}, {@link Reconnections} — which it owns and
 * calls on the same thread.
 */
public final class Rooms {
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final RoomLimits limits;
    private final RoomObserver observer;
    private final Publishing publishing;
    private final Subscribing subscribing;
    private final Reconnections reconnections = new Reconnections();
    private final Map<RoomKey, Room> rooms = new HashMap<>();
    /** Written on the SFU thread, read by operations endpoints on other threads. */
    private volatile int roomCount;

    public Rooms(MediaPlane media, RoomLimits limits) {
        this(media, limits, RoomObserver.NONE);
    }

    /** @param observer told of every room, participant and media change (webhooks, metrics) */
    public Rooms(MediaPlane media, RoomLimits limits, RoomObserver observer) {
        this.limits = limits;
        this.observer = observer;
        this.publishing = new Publishing(media, limits, observer);
        this.subscribing = new Subscribing(media);
    }

    /**
     * Joins a room, creating it on first join (which needs the CREATE_ROOM privilege); a second join of
     * the same userId in the same app's room takes over.
     */
    public Participant join(RoomKey key, String userId, Participant.Role role, Grant grant, PeerEvents events)
            throws RoomException {
        RoomId roomId = key.roomId();
        Room room = rooms.get(key);
        if (!grant.has(RoomPrivilege.ENTER_ROOM)) {
            throw Privileges.refused(Reason.JOIN_REFUSED, RoomPrivilege.ENTER_ROOM,
                    userId + " may not enter room " + roomId);
        }
        if (room == null && !grant.has(RoomPrivilege.CREATE_ROOM)) {
            throw Privileges.refused(Reason.JOIN_REFUSED, RoomPrivilege.CREATE_ROOM,
                    "room " + roomId + " does not exist yet and " + userId + " may not create it");
        }
        Participant previous = room == null ? null : room.participants().get(userId);
        if (room != null && previous == null && room.size() >= limits.maxUsers()) {
            throw new RoomException(Reason.JOIN_REFUSED,
                    "room " + roomId + " is full (" + limits.maxUsers() + " users)");
        }
        if (room == null) {
            room = new Room(key);
            rooms.put(key, room);
            roomCount = rooms.size();
            log.info("room {} created", key);
            observer.roomCreated(key, userId);
        }
        if (previous != null) {
            log.info("user {} joined room {} again; the previous client is banned", userId, key);
            previous.events().banned(PeerEvents.Removal.REPLACED,
                    "another client joined room " + roomId + " as " + userId);
            release(previous, false, RoomObserver.ExitReason.REPLACED);
        }
        Participant p = new Participant(userId, room, role, events, grant, Reconnections.newResumeToken());
        room.participants().put(userId, p);
        reconnections.admit(p);
        // TRTC live mode: an audience member is invisible to the others (no peer-join/peer-leave). A
        // takeover is no news to the others unless it changes whether the user is seen.
        boolean wasVisible = previous != null && previous.visible();
        if (p.visible() && !wasVisible) {
            room.broadcast(p, new RoomEvent.PeerJoined(userId));
        } else if (!p.visible() && wasVisible) {
            room.broadcast(p, new RoomEvent.PeerLeft(userId));
        }
        log.info("user {} joined room {} as {} ({} in room)", userId, key, role, room.size());
        observer.entered(key, userId, role);
        return p;
    }

    /** The participant's resume token, for its join response. */
    public String resumeToken(Participant p) {
        return p.resumeToken();
    }

    /** The room as {@code p} must see it now (a resume's response; a join's when asked). */
    public RoomState state(Participant p) {
        return RoomState.of(p);
    }

    /**
     * The participant's signaling connection dropped: it stays in its room, its media flowing, with its events
     * going nowhere, until its client resumes it or {@link #expireDetached} ends it. Returns the attachment
     * the expiry must name.
     */
    public long detach(Participant p, String why) {
        return reconnections.detach(p, why);
    }

    /**
     * The server is shutting down: every participant leaves without its peers being told (their clients
     * reconnect to the restarted server and find the room as it is then), so the observer (webhooks) sees every
     * exit and every room's end. Returns how many left. SFU thread.
     */
    public int closeAll(String why) {
        List<Participant> everyone = new ArrayList<>();
        for (Room room : rooms.values()) {
            everyone.addAll(room.participants().values());
        }
        everyone.forEach(p -> p.attach(null));
        everyone.forEach(p -> exit(p, RoomObserver.ExitReason.CONNECTION_LOST, why));
        return everyone.size();
    }

    /** The reconnection grace of the detach that returned {@code attachment} is over: leave, unless resumed since. */
    public void expireDetached(Participant p, long attachment) {
        if (Reconnections.graceOver(p, attachment)) {
            leave(p, "no resume within the reconnection grace");
        }
    }

    /**
     * A new connection takes over the participant whose resume token it presents (docs/PROTOCOL.md "Resume").
     * A connection still attached to it (one the server has not yet seen drop) is told it was superseded.
     */
    public Participant resume(String token, String userId, PeerEvents events) throws RoomException {
        return reconnections.resume(token, userId, events);
    }

    /**
     * Tells every participant that the server is going away (a drain), with where to reconnect, if anywhere
     * else. Returns how many were told.
     */
    public int announceGoingAway(java.util.Optional<String> reconnectUrl, java.time.Duration drainTimeout) {
        int n = 0;
        for (Room room : List.copyOf(rooms.values())) {
            for (Participant p : room.members()) {
                p.events().on(new RoomEvent.ServerGoingAway(reconnectUrl, drainTimeout));
                n++;
            }
        }
        return n;
    }

    /** What a newly joined participant must be told: the users (not the audience) and streams already there. */
    public void announceRoomTo(Participant p) {
        for (Participant other : p.room().members()) {
            if (other != p && other.visible()) {
                p.events().on(new RoomEvent.PeerJoined(other.userId()));
            }
        }
        for (Publication pub : p.room().publications().values()) {
            if (pub.owner() != p) {
                p.events().on(new RoomEvent.StreamAdded(pub.info()));
            }
        }
    }

    /** What the publisher gets back: the SDP answer for its uplink and the new stream's id. */
    public record Published(String answerSdp, String streamId) {
    }

    /**
     * A publish request as signaling read it. The offer's refusal, if its SDP was bad, comes after the
     * state checks (see {@link Deferred}).
     */
    public record PublishRequest(StreamType type, Deferred<SessionDescription> offer, boolean audioMuted,
                                 boolean videoMuted) {
    }

    public Published publish(Participant p, StreamType type, SessionDescription offer, boolean audioMuted,
                             boolean videoMuted) throws RoomException {
        return publish(p, new PublishRequest(type, Deferred.of(() -> offer), audioMuted, videoMuted));
    }

    public Published publish(Participant p, PublishRequest request) throws RoomException {
        requireActive(p);
        return publishing.publish(p, request);
    }

    /**
     * The publisher changed a published stream's tracks (TRTC's addTrack/removeTrack on a published
     * LocalStream): a new uplink from its new offer takes the place of the old one under the same
     * stream id. Subscriptions to the old tracks end (their sections go inactive in the subscriber's
     * next offer); every other participant gets {@code stream-updated} with the next revision, and a
     * subscriber subscribes again to get the new tracks.
     */
    public Published republish(Participant p, PublishRequest request) throws RoomException {
        requireActive(p);
        return publishing.republish(p, request);
    }

    /**
     * ICE restart of a published stream's connection (RFC 8445 §9): the publisher's new offer, our new
     * credentials in the answer; the publication, its subscribers and the DTLS/SRTP state stay.
     */
    public String restartUplinkIce(Participant p, StreamType type, Deferred<SessionDescription> offer)
            throws RoomException {
        requireActive(p);
        return publishing.restartIce(p, type, offer);
    }

    /** ICE restart of the subscriber's downlink: a new offer with new credentials; answered as any other. */
    public String restartDownlinkIce(Participant p) throws RoomException {
        requireActive(p);
        return subscribing.restartIce(p);
    }

    public void unpublish(Participant p, StreamType type) throws RoomException {
        requireActive(p);
        publishing.unpublish(p, type);
    }

    public String subscribe(Participant p, String streamId, boolean audio, boolean video) throws RoomException {
        requireActive(p);
        return subscribing.subscribe(p, streamId, audio, video);
    }

    /**
     * TRTC's setRemoteVideoStreamType: {@code small} asks for the stream's small (lowest simulcast) layer.
     * Allowed before subscribing (it applies when the subscription starts, as in TRTC 4.12.5+); a stream
     * without a small stream keeps sending its only one.
     */
    public void setRemoteVideoStreamType(Participant p, String streamId, boolean small) throws RoomException {
        requireActive(p);
        subscribing.setRemoteVideoStreamType(p, streamId, small);
    }

    public String unsubscribe(Participant p, String streamId) throws RoomException {
        requireActive(p);
        return subscribing.unsubscribe(p, streamId);
    }

    public void downlinkAnswer(Participant p, Deferred<SessionDescription> answer) throws RoomException {
        requireActive(p);
        subscribing.answer(p, answer);
    }

    /**
     * TRTC's {@code switchRole} in live mode: an audience member becomes an anchor (the others now see
     * it: peer-join), or an anchor with nothing published becomes audience again (peer-leave).
     */
    public void switchRole(Participant p, Participant.Role role) throws RoomException {
        requireActive(p);
        if (role == p.role()) {
            return;
        }
        if (role == Participant.Role.AUDIENCE && !p.publications().isEmpty()) {
            throw new RoomException(Reason.NOT_ALLOWED,
                    "unpublish before switching to the audience role");
        }
        p.role(role);
        p.room().broadcast(p, p.visible() ? new RoomEvent.PeerJoined(p.userId()) : new RoomEvent.PeerLeft(p.userId()));
        observer.roleChanged(p.room().key(), p.userId(), role);
        log.info("user {} in room {} is now {}", p.userId(), p.room().id(), role);
    }

    /**
     * TRTC's {@code callExperimentalAPI('updatePrivateMapKey')}: a verified new grant for what follows
     * (publications and subscriptions already made stay).
     */
    public void updateGrant(Participant p, Grant grant) throws RoomException {
        requireActive(p);
        p.grant(grant);
        log.info("user {} in room {} has new privileges {}", p.userId(), p.room().id(), grant.privileges());
    }

    public void mute(Participant p, StreamType type, String kind, boolean muted) throws RoomException {
        requireActive(p);
        publishing.mute(p, type, kind, muted);
    }

    /**
     * A participant leaves (request, closed connection or heartbeat timeout). Idempotent. {@code why} is
     * {@code "leave"} for the client's own request; anything else is a lost connection.
     */
    public void leave(Participant p, String why) {
        exit(p, why.equals("leave") ? RoomObserver.ExitReason.LEFT : RoomObserver.ExitReason.CONNECTION_LOST, why);
    }

    /** Takes a participant out of its room for {@code reason}, and ends the room if it is now empty. Idempotent. */
    void exit(Participant p, RoomObserver.ExitReason reason, String why) {
        if (p.left()) {
            return;
        }
        log.info("user {} left room {} ({})", p.userId(), p.room().id(), why);
        release(p, true, reason);
        Room room = p.room();
        if (room.size() == 0) {
            rooms.remove(room.key());
            roomCount = rooms.size();
            log.info("room {} destroyed (last user left)", room.key());
            observer.roomDismissed(room.key());
        }
    }

    /**
     * Ends a participant's streams and downlink and takes it out of its room. The room itself stays even
     * when this empties it: on a takeover the new client is about to enter it; {@link #leave} destroys it.
     */
    private void release(Participant p, boolean announce, RoomObserver.ExitReason reason) {
        p.markLeft();
        reconnections.forget(p);
        Room room = p.room();
        for (Publication pub : List.copyOf(p.publications().values())) {
            publishing.remove(pub, false);
        }
        subscribing.closeDownlink(p);
        if (room.participants().get(p.userId()) == p) {
            room.participants().remove(p.userId());
            if (announce && p.visible()) {
                room.broadcast(p, new RoomEvent.PeerLeft(p.userId()));
            }
        }
        observer.exited(room.key(), p.userId(), p.role(), reason);
    }

    private static void requireActive(Participant p) throws RoomException {
        if (p == null || p.left()) {
            throw new RoomException(Reason.NOT_ALLOWED, "join a room first");
        }
    }

    /** Rooms currently open; safe to read from any thread. */
    public int roomCount() {
        return roomCount;
    }

    public Room room(RoomKey key) {
        return rooms.get(key);
    }

    /** The rooms themselves, for {@link RoomAdmin} (SFU thread). */
    Map<RoomKey, Room> rooms() {
        return rooms;
    }
}
