package dev.parley.server.room;

import dev.parley.sfu.MediaPlane;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.server.config.RoomLimits;
import dev.parley.server.room.RoomException.Reason;
import dev.parley.sfu.NegotiationException;
import dev.parley.usersig.RoomId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import dev.parley.usersig.RoomPrivilege;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms and what happens in them: join, publish, subscribe, mute, leave. Every method runs on the
 * SFU thread (see docs/ARCHITECTURE.md), so the maps here need no locks; signaling posts calls to it,
 * after it has verified the user (off this thread) into a {@link Grant}. Rooms are keyed by app and
 * room id ({@link RoomKey}): nothing crosses between applications.
 */
// Over ~400 lines: every room operation in one class on the SFU thread, as mediasoup's Router, each
// followed by its RoomObserver call, with a participant's detach/resume and ICE restarts (each a few lines
// over its participant's maps); participants, publications, privileges, the media start/stop rules
// (MediaEvents) and the backend's operations (RoomAdmin) are already their own classes.
public final class Rooms {
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final MediaPlane media;
    private final RoomLimits limits;
    private final RoomObserver observer;
    private final Map<RoomKey, Room> rooms = new HashMap<>();
    /** Written on the SFU thread, read by operations endpoints on other threads. */
    private volatile int roomCount;
    private final AtomicLong streamIds = new AtomicLong();
    /** Participants by resume token (docs/PROTOCOL.md "Resume"). */
    private final Map<String, Participant> byResumeToken = new HashMap<>();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public Rooms(MediaPlane media, RoomLimits limits) {
        this(media, limits, RoomObserver.NONE);
    }

    /** @param observer told of every room, participant and media change (webhooks, metrics) */
    public Rooms(MediaPlane media, RoomLimits limits, RoomObserver observer) {
        this.media = media;
        this.limits = limits;
        this.observer = observer;
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
        Participant p = new Participant(userId, room, role, events, grant, newResumeToken());
        room.participants().put(userId, p);
        byResumeToken.put(p.resumeToken(), p);
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

    /** 256 random bits, URL-safe: a resume token cannot be guessed (and is never logged). */
    private static String newResumeToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
        p.attach(null);
        log.info("user {} in room {} lost its signaling connection ({}); kept for a resume", p.userId(),
                p.room().id(), why);
        return p.attachment();
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
        if (!p.left() && p.detached() && p.attachment() == attachment) {
            leave(p, "no resume within the reconnection grace");
        }
    }

    /**
     * A new connection takes over the participant whose resume token it presents (docs/PROTOCOL.md "Resume").
     * A connection still attached to it (one the server has not yet seen drop) is told it was superseded.
     */
    public Participant resume(String token, String userId, PeerEvents events) throws RoomException {
        Participant p = byResumeToken.get(token);
        if (p == null || p.left() || !p.userId().equals(userId)) {
            throw new RoomException(Reason.NOT_ALLOWED, "no session to resume (it ended, or the server restarted):"
                    + " join again", Map.of("reason", "session-unknown"));
        }
        PeerEvents previous = p.events();
        p.attach(events);
        if (previous != PeerEvents.NOWHERE) {
            previous.superseded();
        }
        log.info("user {} resumed its session in room {}", userId, p.room().id());
        return p;
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
        StreamType type = request.type();
        requireActive(p);
        if (p.role() == Participant.Role.AUDIENCE) {
            throw new RoomException(Reason.NOT_ALLOWED,
                    "an audience member cannot publish; join with role 'anchor'");
        }
        if (p.publications().containsKey(type)) {
            throw new RoomException(Reason.NOT_ALLOWED,
                    "a " + type.wire() + " stream is already published; unpublish it first");
        }
        Room room = p.room();
        if (p.publications().isEmpty() && room.publisherCount() >= limits.maxPublishers()) {
            throw new RoomException(Reason.NOT_ALLOWED,
                    "room " + room.id() + " already has " + limits.maxPublishers() + " publishers");
        }
        String streamId = "s" + streamIds.incrementAndGet();
        SessionDescription offer = request.offer().get();
        MediaPlane.Uplink uplink = negotiate(() -> media.openUplink(p + "/" + streamId, offer,
                reason -> onUplinkDead(p, type, streamId, 0, reason)));
        try {
            Privileges.requireToSend(p.grant(), type, uplink.hasAudio(), uplink.hasVideo(), p.userId());
        } catch (RoomException e) {
            uplink.close();
            throw e;
        }
        Publication pub = new Publication(streamId, p, type, uplink, request.audioMuted(), request.videoMuted());
        p.publications().put(type, pub);
        room.publications().put(streamId, pub);
        room.broadcast(p, new RoomEvent.StreamAdded(pub.info()));
        MediaEvents.started(observer, pub, MediaEvents.NONE);
        log.info("user {} published {} stream {} (audio={}, video={}) in room {}", p.userId(), type.wire(),
                streamId, uplink.hasAudio(), uplink.hasVideo(), room.id());
        return new Published(uplink.answerSdp(), streamId);
    }

    /**
     * The publisher changed a published stream's tracks (TRTC's addTrack/removeTrack on a published
     * LocalStream): a new uplink from its new offer takes the place of the old one under the same
     * stream id. Subscriptions to the old tracks end (their sections go inactive in the subscriber's
     * next offer); every other participant gets {@code stream-updated} with the next revision, and a
     * subscriber subscribes again to get the new tracks.
     */
    public Published republish(Participant p, PublishRequest request) throws RoomException {
        StreamType type = request.type();
        requireActive(p);
        Publication pub = p.publications().get(type);
        if (pub == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "no " + type.wire() + " stream is published; publish it first");
        }
        String streamId = pub.streamId();
        int revision = pub.revision() + 1;
        SessionDescription offer = request.offer().get();
        MediaPlane.Uplink uplink = negotiate(() -> media.openUplink(p + "/" + streamId + "/r" + revision, offer,
                reason -> onUplinkDead(p, type, streamId, revision, reason)));
        try {
            Privileges.requireToSend(p.grant(), type, uplink.hasAudio(), uplink.hasVideo(), p.userId());
        } catch (RoomException e) {
            uplink.close();
            throw e;
        }
        boolean[] before = MediaEvents.sending(pub);
        pub.replaceUplink(uplink, request.audioMuted(), request.videoMuted()).close();
        MediaEvents.stopped(observer, pub, before);
        MediaEvents.started(observer, pub, before);
        Room room = p.room();
        for (Participant other : room.members()) {
            if (other.subscribed().remove(streamId) && other.downlink() != null) {
                other.downlink().sourceGone(streamId);
            }
        }
        room.broadcast(p, new RoomEvent.StreamUpdated(pub.info()));
        log.info("user {} republished {} stream {} (revision {}, audio={}, video={}) in room {}", p.userId(),
                type.wire(), streamId, revision, uplink.hasAudio(), uplink.hasVideo(), room.id());
        return new Published(uplink.answerSdp(), streamId);
    }

    /**
     * ICE restart of a published stream's connection (RFC 8445 §9): the publisher's new offer, our new
     * credentials in the answer; the publication, its subscribers and the DTLS/SRTP state stay.
     */
    public String restartUplinkIce(Participant p, StreamType type, Deferred<SessionDescription> offer)
            throws RoomException {
        requireActive(p);
        Publication pub = p.publications().get(type);
        if (pub == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "no " + type.wire() + " stream is published; publish it");
        }
        SessionDescription sdp = offer.get();
        String answer = negotiate(() -> pub.uplink().restartIce(sdp));
        log.info("user {} restarted ICE of stream {}", p.userId(), pub.streamId());
        return answer;
    }

    /** ICE restart of the subscriber's downlink: a new offer with new credentials; answered as any other. */
    public String restartDownlinkIce(Participant p) throws RoomException {
        requireActive(p);
        if (p.downlink() == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "no downlink to restart: subscribe first");
        }
        String offer = negotiate(() -> p.downlink().restartIce());
        log.info("user {} restarted ICE of its downlink", p.userId());
        return offer;
    }

    public void unpublish(Participant p, StreamType type) throws RoomException {
        requireActive(p);
        Publication pub = p.publications().get(type);
        if (pub == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "no " + type.wire() + " stream is published");
        }
        removePublication(pub, true);
    }

    public String subscribe(Participant p, String streamId, boolean audio, boolean video) throws RoomException {
        requireActive(p);
        Publication pub = p.room().publications().get(streamId);
        if (pub == null) {
            throw new RoomException(Reason.NO_SUCH_STREAM,
                    "stream " + streamId + " is not published in room " + p.room().id());
        }
        if (pub.owner() == p) {
            throw new RoomException(Reason.NOT_ALLOWED, "cannot subscribe to your own stream");
        }
        Privileges.requireToReceive(p.grant(), pub.type(), audio && pub.uplink().hasAudio(),
                video && pub.uplink().hasVideo(), p.userId(), streamId);
        requireNoPendingOffer(p);
        if (p.downlink() == null) {
            p.downlink(media.openDownlink(p + "/down", reason -> onDownlinkDead(p, reason)));
        }
        String offer = negotiate(() -> p.downlink().subscribe(streamId, pub.uplink(), audio, video));
        p.downlink().setVideoStreamType(streamId, p.smallStreamsWanted().contains(streamId));
        p.subscribed().add(streamId);
        log.info("user {} subscribed to {} (audio={}, video={})", p.userId(), streamId, audio, video);
        return offer;
    }

    /**
     * TRTC's setRemoteVideoStreamType: {@code small} asks for the stream's small (lowest simulcast) layer.
     * Allowed before subscribing (it applies when the subscription starts, as in TRTC 4.12.5+); a stream
     * without a small stream keeps sending its only one.
     */
    public void setRemoteVideoStreamType(Participant p, String streamId, boolean small) throws RoomException {
        requireActive(p);
        Publication pub = p.room().publications().get(streamId);
        if (pub == null) {
            throw new RoomException(Reason.NO_SUCH_STREAM,
                    "stream " + streamId + " is not published in room " + p.room().id());
        }
        if (small) {
            p.smallStreamsWanted().add(streamId);
        } else {
            p.smallStreamsWanted().remove(streamId);
        }
        if (p.downlink() != null) {
            p.downlink().setVideoStreamType(streamId, small);
        }
        log.info("user {} wants the {} stream of {}", p.userId(), small ? "small" : "big", streamId);
    }

    public String unsubscribe(Participant p, String streamId) throws RoomException {
        requireActive(p);
        if (!p.subscribed().contains(streamId)) {
            throw new RoomException(Reason.NO_SUCH_STREAM, "not subscribed to stream " + streamId);
        }
        requireNoPendingOffer(p);
        String offer = negotiate(() -> p.downlink().unsubscribe(streamId));
        p.subscribed().remove(streamId);
        return offer;
    }

    public void downlinkAnswer(Participant p, Deferred<SessionDescription> answer) throws RoomException {
        requireActive(p);
        if (p.downlink() == null || !p.downlink().offerPending()) {
            throw new RoomException(Reason.NOT_ALLOWED, "no downlink offer is waiting for an answer");
        }
        SessionDescription sdp = answer.get();
        negotiate(() -> {
            p.downlink().applyAnswer(sdp);
            return null;
        });
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
        Publication pub = p.publications().get(type);
        if (pub == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "mute needs a published " + type.wire() + " stream");
        }
        boolean[] before = MediaEvents.sending(pub);
        pub.setMuted(kind, muted);
        MediaEvents.stopped(observer, pub, before);
        MediaEvents.started(observer, pub, before);
        p.room().broadcast(p, new RoomEvent.MuteChanged(p.userId(), pub.streamId(), kind, muted));
        p.room().broadcast(p, new RoomEvent.StreamUpdated(pub.info()));
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
        byResumeToken.remove(p.resumeToken());
        Room room = p.room();
        for (Publication pub : List.copyOf(p.publications().values())) {
            removePublication(pub, false);
        }
        if (p.downlink() != null) {
            p.downlink().close();
            p.downlink(null);
        }
        if (room.participants().get(p.userId()) == p) {
            room.participants().remove(p.userId());
            if (announce && p.visible()) {
                room.broadcast(p, new RoomEvent.PeerLeft(p.userId()));
            }
        }
        observer.exited(room.key(), p.userId(), p.role(), reason);
    }

    /** @param mediaStops whether the observer hears of the media stopping (not on an exit: the exit implies it) */
    private void removePublication(Publication pub, boolean mediaStops) {
        Participant owner = pub.owner();
        Room room = owner.room();
        owner.publications().remove(pub.type());
        room.publications().remove(pub.streamId());
        pub.uplink().close();
        for (Participant other : room.members()) {
            other.smallStreamsWanted().remove(pub.streamId());
            if (other.subscribed().remove(pub.streamId()) && other.downlink() != null) {
                other.downlink().sourceGone(pub.streamId());
            }
        }
        room.broadcast(owner, new RoomEvent.StreamRemoved(pub.info()));
        if (mediaStops) {
            MediaEvents.stopped(observer, pub, MediaEvents.sending(pub), MediaEvents.NONE);
        }
        log.info("stream {} of user {} removed from room {}", pub.streamId(), owner.userId(), room.id());
    }

    private void onUplinkDead(Participant p, StreamType type, String streamId, int revision, String reason) {
        Publication pub = p.publications().get(type);
        if (pub != null && pub.streamId().equals(streamId) && pub.revision() == revision) {
            log.warn("uplink of {} stream {} died: {}", p, streamId, reason);
            removePublication(pub, true);
            p.events().on(new RoomEvent.MediaLost(RoomEvent.MediaLost.Direction.UPLINK, streamId,
                    "the media connection of stream " + streamId + " was lost: " + reason));
        }
    }

    private void onDownlinkDead(Participant p, String reason) {
        if (p.downlink() == null) {
            return;
        }
        log.warn("downlink of {} died: {}", p, reason);
        p.downlink().close();
        p.downlink(null);
        p.subscribed().clear();
        p.events().on(new RoomEvent.MediaLost(RoomEvent.MediaLost.Direction.DOWNLINK, "",
                "the media connection for subscriptions was lost: " + reason));
    }

    /** A step of the media plane's negotiation; its refusal is the room's "invalid request". */
    private interface Negotiation<T> {
        T run() throws NegotiationException;
    }

    private static <T> T negotiate(Negotiation<T> step) throws RoomException {
        try {
            return step.run();
        } catch (NegotiationException e) {
            throw new RoomException(Reason.INVALID_REQUEST, e.getMessage());
        }
    }

    private static void requireActive(Participant p) throws RoomException {
        if (p == null || p.left()) {
            throw new RoomException(Reason.NOT_ALLOWED, "join a room first");
        }
    }

    private static void requireNoPendingOffer(Participant p) throws RoomException {
        if (p.downlink() != null && p.downlink().offerPending()) {
            throw new RoomException(Reason.NOT_ALLOWED,
                    "answer the previous downlink offer (downlink-answer) before changing subscriptions");
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
