package dev.parley.server.room;

import dev.parley.server.room.RoomObserver.MediaKind;

/**
 * Which kinds of media a publication is sending, and the observer's start/stop calls when that changes
 * (publish, republish, mute, unpublish). Audio and video of the main stream are TRTC's audio and video; the
 * auxiliary (screen-share) stream's video is TRTC's "substream" (aux) video, its audio is not reported.
 */
final class MediaEvents {
    /** Nothing sending: the state before a publish or after an unpublish. */
    static final boolean[] NONE = new boolean[MediaKind.values().length];

    private MediaEvents() {
    }

    /** Indexed by {@link MediaKind#ordinal()}: whether that kind is being sent (present and not muted). */
    static boolean[] sending(Publication pub) {
        StreamInfo s = pub.info();
        boolean[] on = new boolean[MediaKind.values().length];
        boolean video = s.hasVideo() && !s.videoMuted();
        if (pub.type() == StreamType.MAIN) {
            on[MediaKind.AUDIO.ordinal()] = s.hasAudio() && !s.audioMuted();
            on[MediaKind.VIDEO.ordinal()] = video;
        } else {
            on[MediaKind.AUX_VIDEO.ordinal()] = video;
        }
        return on;
    }

    static void started(RoomObserver observer, Publication pub, boolean[] before) {
        boolean[] after = sending(pub);
        for (MediaKind kind : MediaKind.values()) {
            if (after[kind.ordinal()] && !before[kind.ordinal()]) {
                observer.mediaStarted(pub.owner().room().key(), pub.owner().userId(), kind);
            }
        }
    }

    static void stopped(RoomObserver observer, Publication pub, boolean[] before) {
        stopped(observer, pub, before, sending(pub));
    }

    static void stopped(RoomObserver observer, Publication pub, boolean[] before, boolean[] after) {
        for (MediaKind kind : MediaKind.values()) {
            if (before[kind.ordinal()] && !after[kind.ordinal()]) {
                observer.mediaStopped(pub.owner().room().key(), pub.owner().userId(), kind);
            }
        }
    }
}
