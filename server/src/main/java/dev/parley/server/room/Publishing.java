package dev.parley.server.room;

import static dev.parley.server.room.Negotiation.negotiate;

import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.config.RoomLimits;
import dev.parley.server.room.RoomException.Reason;
import dev.parley.server.room.Rooms.PublishRequest;
import dev.parley.server.room.Rooms.Published;
import dev.parley.sfu.MediaPlane;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish side of the rooms: a participant's streams published, republished with other tracks, their ICE
 * restarted, muted and removed, each followed by the room's events and its {@link RoomObserver} calls. Owned
 * by {@link Rooms} and used on the SFU thread only, as everything in Rooms is; Rooms has checked that the
 * participant is still in its room before it calls here.
 */
final class Publishing {
    // Rooms' logger: the log lines, and any filter on their logger name, stay as they were before the split.
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final MediaPlane media;
    private final RoomLimits limits;
    private final RoomObserver observer;
    private final AtomicLong streamIds = new AtomicLong();

    Publishing(MediaPlane media, RoomLimits limits, RoomObserver observer) {
        this.media = media;
        this.limits = limits;
        this.observer = observer;
    }

    Published publish(Participant p, PublishRequest request) throws RoomException {
        StreamType type = request.type();
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

    Published republish(Participant p, PublishRequest request) throws RoomException {
        StreamType type = request.type();
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

    String restartIce(Participant p, StreamType type, Deferred<SessionDescription> offer) throws RoomException {
        Publication pub = p.publications().get(type);
        if (pub == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "no " + type.wire() + " stream is published; publish it");
        }
        SessionDescription sdp = offer.get();
        String answer = negotiate(() -> pub.uplink().restartIce(sdp));
        log.info("user {} restarted ICE of stream {}", p.userId(), pub.streamId());
        return answer;
    }

    void unpublish(Participant p, StreamType type) throws RoomException {
        Publication pub = p.publications().get(type);
        if (pub == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "no " + type.wire() + " stream is published");
        }
        remove(pub, true);
    }

    void mute(Participant p, StreamType type, String kind, boolean muted) throws RoomException {
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

    /** @param mediaStops whether the observer hears of the media stopping (not on an exit: the exit implies it) */
    void remove(Publication pub, boolean mediaStops) {
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
            remove(pub, true);
            p.events().on(new RoomEvent.MediaLost(RoomEvent.MediaLost.Direction.UPLINK, streamId,
                    "the media connection of stream " + streamId + " was lost: " + reason));
        }
    }
}
