package dev.parley.server.it;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.stun.IceCredentials;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Glue between a {@link HeadlessPeer} and signaling: browser offers re-signed with the peer's certificate,
 * and the ICE + DTLS connection to whatever transport the server's SDP describes.
 */
final class PeerMedia {
    private PeerMedia() {
    }

    /** A captured browser offer whose fingerprint is the peer's, so its DTLS handshake passes. */
    static String offerFrom(HeadlessPeer peer, String browserSdp) {
        return browserSdp.replaceAll("a=fingerprint:[^\r\n]*", "a=fingerprint:" + peer.certificate.fingerprint()
                .toSdpValue());
    }

    /** A downlink answer carrying the peer's fingerprint (see {@link DownlinkAnswers}). */
    static String downlinkAnswerFrom(HeadlessPeer peer, String offer) {
        return DownlinkAnswers.answer(offer).replace(DownlinkAnswers.FINGERPRINT,
                peer.certificate.fingerprint().toSdpValue());
    }

    /**
     * ICE to the server's candidate, then DTLS as the client (the server answered or offered so that it
     * is the DTLS server); returns once SRTP is ready on the peer's side.
     */
    static void connect(HeadlessPeer peer, String serverSdp) throws Exception {
        SessionDescription sd = SessionDescription.parse(serverSdp);
        MediaDescription first = sd.media().stream().filter(m -> !m.candidates().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no section with a candidate in\n" + serverSdp));
        IceCredentials ice = sd.resolvedIceCredentials(first).orElseThrow();
        var candidate = first.candidates().get(0);
        peer.connectIce(ice,
                new InetSocketAddress(candidate.address(), candidate.port()));
        var fp = sd.resolvedFingerprint(first).orElseThrow();
        peer.startDtls(DtlsRole.CLIENT, DtlsFingerprint.parse(fp.algorithm() + " " + fp.hex()))
                .get(10, TimeUnit.SECONDS);
    }
}
