package dev.parley.client.media;

/**
 * Where a {@link MediaPeer} hands what it receives, on its receive thread (one per peer): keep the work
 * short, copy what must outlive the call (the buffer is reused for the next datagram).
 */
public interface MediaReceiver {
    /**
     * An RTP packet. When {@code decrypted} is false (a peer that decrypts only some packets, see
     * {@link MediaPeer#decryptEvery}), only the header is readable: SRTP leaves it in clear (RFC 3711 §3.1).
     */
    void onRtp(byte[] buf, int len, boolean decrypted);

    /** A decrypted RTCP compound packet. */
    default void onRtcp(byte[] buf, int len) {
    }

    /** Ignores everything. */
    MediaReceiver NONE = (buf, len, decrypted) -> { };
}
