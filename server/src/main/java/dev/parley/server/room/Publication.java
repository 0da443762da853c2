package dev.parley.server.room;

import dev.parley.sfu.MediaPlane;

/**
 * A published stream (mediasoup's Producer, grouped per TRTC stream): its media uplink and the state
 * the other participants see. Owned by the SFU thread.
 */
final class Publication {
    private final String streamId;
    private final Participant owner;
    private final StreamType type;
    private MediaPlane.Uplink uplink;
    private int revision;
    private boolean audioMuted;
    private boolean videoMuted;

    Publication(String streamId, Participant owner, StreamType type, MediaPlane.Uplink uplink,
                boolean audioMuted, boolean videoMuted) {
        this.streamId = streamId;
        this.owner = owner;
        this.type = type;
        this.uplink = uplink;
        this.audioMuted = audioMuted;
        this.videoMuted = videoMuted;
    }

    String streamId() {
        return streamId;
    }

    Participant owner() {
        return owner;
    }

    StreamType type() {
        return type;
    }

    MediaPlane.Uplink uplink() {
        return uplink;
    }

    /** How many times the publisher renegotiated the stream's tracks (0 for the first publish). */
    int revision() {
        return revision;
    }

    /**
     * The publisher renegotiated (republish): from now on the stream is {@code next}'s tracks. Returns the
     * uplink it replaces, for the caller to close.
     */
    MediaPlane.Uplink replaceUplink(MediaPlane.Uplink next, boolean audioMutedNow, boolean videoMutedNow) {
        MediaPlane.Uplink previous = uplink;
        uplink = next;
        revision++;
        audioMuted = audioMutedNow;
        videoMuted = videoMutedNow;
        return previous;
    }

    void setMuted(String kind, boolean muted) {
        if (kind.equals("audio")) {
            audioMuted = muted;
        } else {
            videoMuted = muted;
        }
    }

    StreamInfo info() {
        return new StreamInfo(streamId, owner.userId(), type.wire(), uplink.hasAudio(), uplink.hasVideo(),
                audioMuted, videoMuted, uplink.hasSmallVideo(), revision);
    }
}
