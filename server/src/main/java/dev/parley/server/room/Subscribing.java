package dev.parley.server.room;

import static dev.parley.server.room.Negotiation.negotiate;

import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.room.RoomException.Reason;
import dev.parley.sfu.MediaPlane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribe side of the rooms: a participant's downlink, opened at its first subscription, the streams
 * it receives, the small-or-big choice per stream, and the offer/answer exchange the server leads on it. Owned
 * by {@link Rooms} and used on the SFU thread only, as everything in Rooms is; Rooms has checked that the
 * participant is still in its room before it calls here.
 */
final class Subscribing {
    // Rooms' logger: the log lines, and any filter on their logger name, stay as they were before the split.
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final MediaPlane media;

    Subscribing(MediaPlane media) {
        this.media = media;
    }

    String subscribe(Participant p, String streamId, boolean audio, boolean video) throws RoomException {
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

    void setRemoteVideoStreamType(Participant p, String streamId, boolean small) throws RoomException {
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

    String unsubscribe(Participant p, String streamId) throws RoomException {
        if (!p.subscribed().contains(streamId)) {
            throw new RoomException(Reason.NO_SUCH_STREAM, "not subscribed to stream " + streamId);
        }
        requireNoPendingOffer(p);
        String offer = negotiate(() -> p.downlink().unsubscribe(streamId));
        p.subscribed().remove(streamId);
        return offer;
    }

    void answer(Participant p, Deferred<SessionDescription> answer) throws RoomException {
        if (p.downlink() == null || !p.downlink().offerPending()) {
            throw new RoomException(Reason.NOT_ALLOWED, "no downlink offer is waiting for an answer");
        }
        SessionDescription sdp = answer.get();
        negotiate(() -> {
            p.downlink().applyAnswer(sdp);
            return null;
        });
    }

    String restartIce(Participant p) throws RoomException {
        if (p.downlink() == null) {
            throw new RoomException(Reason.NOT_ALLOWED, "no downlink to restart: subscribe first");
        }
        String offer = negotiate(() -> p.downlink().restartIce());
        log.info("user {} restarted ICE of its downlink", p.userId());
        return offer;
    }

    /** The participant leaves its room: its downlink ends with it. */
    void closeDownlink(Participant p) {
        if (p.downlink() != null) {
            p.downlink().close();
            p.downlink(null);
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

    private static void requireNoPendingOffer(Participant p) throws RoomException {
        if (p.downlink() != null && p.downlink().offerPending()) {
            throw new RoomException(Reason.NOT_ALLOWED,
                    "answer the previous downlink offer (downlink-answer) before changing subscriptions");
        }
    }
}
