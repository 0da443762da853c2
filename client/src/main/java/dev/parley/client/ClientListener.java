package dev.parley.client;

/**
 * The client's events (TRTC's {@code client.on(...)} names in the comments), called one at a time on the
 * client's event thread, in the order the server sent them. A listener may call the client, including
 * {@link ParleyClient#subscribe(RemoteStream)}.
 */
public interface ClientListener {
    /** {@code peer-join}: a user entered the room (or was there when we joined). */
    default void onPeerJoin(String userId) {
    }

    /** {@code peer-leave}. */
    default void onPeerLeave(String userId) {
    }

    /** {@code stream-added}: a stream can be subscribed. */
    default void onStreamAdded(RemoteStream stream) {
    }

    /** {@code stream-removed}: its publisher stopped; our subscription to it ended. */
    default void onStreamRemoved(RemoteStream stream) {
    }

    /** {@code stream-updated}: mute state, tracks or layers changed. */
    default void onStreamUpdated(RemoteStream stream) {
    }

    /** {@code stream-subscribed}: the downlink is connected and the stream's media is on its way. */
    default void onStreamSubscribed(RemoteStream stream) {
    }

    /**
     * Every RTP packet of a subscribed stream, decrypted, on the downlink's receive thread (not the event
     * thread): copy what you keep. For recorders and bots; keep it short.
     *
     * @param audio true for the audio track, false for video
     * @param payloadOffset where the payload starts in {@code packet} (after header and extensions)
     */
    default void onRemoteMedia(RemoteStream stream, boolean audio, byte[] packet, int length, int payloadOffset,
            int payloadLength) {
    }

    /** {@code client-banned}: another client joined as this user; the server closed this one. */
    default void onClientBanned(String reason) {
    }

    /** {@code error}, or the signaling connection ended without {@link ParleyClient#leave()}. */
    default void onError(ParleyException error) {
    }
}
