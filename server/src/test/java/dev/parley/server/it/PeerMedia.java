package dev.parley.server.it;

import dev.parley.client.media.DownlinkAnswer;
import dev.parley.client.media.MediaPeer;

/**
 * Glue between a {@link HeadlessPeer} and signaling: captured browser offers re-signed with the peer's
 * certificate; the rest is the headless client's ({@link MediaPeer#connect}, {@link DownlinkAnswer}).
 */
final class PeerMedia {
    private PeerMedia() {
    }

    /** A captured browser offer whose fingerprint is the peer's, so its DTLS handshake passes. */
    static String offerFrom(HeadlessPeer peer, String browserSdp) {
        return browserSdp.replaceAll("a=fingerprint:[^\r\n]*", "a=fingerprint:" + peer.certificate.fingerprint()
                .toSdpValue());
    }

    /** The headless client's downlink answer, with the peer's ICE credentials and fingerprint. */
    static String downlinkAnswerFrom(HeadlessPeer peer, String offer) {
        return DownlinkAnswer.create(offer, peer.localIce(), peer.certificate.fingerprint());
    }

    /**
     * ICE to the server's candidate, then DTLS as the client (the server answered or offered so that it
     * is the DTLS server); returns once SRTP is ready on the peer's side.
     */
    static void connect(HeadlessPeer peer, String serverSdp) throws Exception {
        peer.connect(serverSdp);
    }
}
