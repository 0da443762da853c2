package dev.parley.sfu;

import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;

/**
 * The SFU's view of the media plane: it opens uplinks (a publisher's connection, the client offers) and
 * downlinks (a subscriber's connection, the server offers). All methods are called on the SFU thread.
 */
public interface MediaPlane {

    /** Negotiates a publisher's uplink from the browser's offer (already checked by {@link WebRtcSdp}). */
    Uplink openUplink(String label, SessionDescription offer, DeathListener listener) throws NegotiationException;

    /** Creates a subscriber's downlink; its first offer comes with the first subscription. */
    Downlink openDownlink(String label, DeathListener listener);

    /** A transport died on its own (ICE consent lost, DTLS failed); the SFU cleans up. */
    interface DeathListener {
        void onDead(String reason);
    }

    /** A published connection: one audio and/or one video track. */
    interface Uplink extends AutoCloseable {
        String answerSdp();

        boolean hasAudio();

        boolean hasVideo();

        /** Whether the video has a small stream: two or more simulcast layers (TRTC's dual stream). */
        default boolean hasSmallVideo() {
            return layers(MediaKind.VIDEO).size() > 1;
        }

        /**
         * ICE restart (RFC 8445 §9) from the publisher's new offer (new ice-ufrag/pwd, same tracks): new local
         * credentials; DTLS and SRTP are kept. Returns the new answer.
         */
        String restartIce(SessionDescription offer) throws NegotiationException;

        /** The track of {@code kind} as its layers, lowest quality first; empty when it has no such track. */
        java.util.List<TrackSource> layers(MediaKind kind);

        @Override
        void close();
    }

    /** A subscriber's single downlink connection, renegotiated per (un)subscription. */
    interface Downlink extends AutoCloseable {
        /** Adds or changes the forwarding of a stream's tracks; returns the new offer. */
        String subscribe(String streamId, Uplink source, boolean audio, boolean video) throws NegotiationException;

        /** Stops forwarding a stream; returns the new offer. */
        String unsubscribe(String streamId) throws NegotiationException;

        /** The source uplink went away: stop forwarding without renegotiating now. */
        void sourceGone(String streamId);

        /**
         * TRTC's setRemoteVideoStreamType for a subscribed stream: forward its small (lowest simulcast) layer,
         * or its big one; no effect on a stream without layers or not subscribed (the caller keeps the wish
         * and sets it again right after subscribing).
         */
        void setVideoStreamType(String streamId, boolean small);

        /** Applies the browser's answer to the last offer (already checked by {@link WebRtcSdp}). */
        void applyAnswer(SessionDescription answer) throws NegotiationException;

        boolean offerPending();

        /**
         * ICE restart (RFC 8445 §9) asked for by the subscriber: new local credentials, and a new offer with
         * them and the same sections (the answer comes as for any offer). DTLS and SRTP are kept.
         */
        String restartIce() throws NegotiationException;

        @Override
        void close();
    }
}
