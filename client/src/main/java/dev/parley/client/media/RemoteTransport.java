package dev.parley.client.media;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.dtls.MalformedFingerprintException;
import dev.parley.media.sdp.Candidate;
import dev.parley.media.sdp.Fingerprint;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.SdpParseException;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.sdp.Setup;
import dev.parley.media.stun.IceCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * What a remote SDP (a server's answer or offer) says about its transport, all bundled on one: where to
 * send checks, its ICE credentials, the fingerprint its DTLS certificate must have, and the DTLS role
 * that leaves us (RFC 5763 §5: we are the client unless the remote is {@code active}; to an
 * {@code actpass} offer we answer {@code active}).
 */
record RemoteTransport(InetSocketAddress candidate, IceCredentials ice, DtlsFingerprint fingerprint, DtlsRole ourRole) {

    /** Reads the first section that has a candidate; an {@link IOException} says what is missing. */
    static RemoteTransport of(String sdp) throws IOException {
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new IOException("the remote SDP does not parse: " + e.getMessage(), e);
        }
        MediaDescription first = sd.media().stream().filter(m -> !m.candidates().isEmpty()).findFirst()
                .orElseThrow(() -> new IOException("the remote SDP has no section with a candidate"));
        IceCredentials ice = sd.resolvedIceCredentials(first)
                .orElseThrow(() -> new IOException("the remote SDP has no a=ice-ufrag/a=ice-pwd"));
        Candidate c = first.candidates().get(0);
        Fingerprint fp = sd.resolvedFingerprint(first)
                .orElseThrow(() -> new IOException("the remote SDP has no a=fingerprint"));
        DtlsFingerprint fingerprint;
        try {
            fingerprint = DtlsFingerprint.parse(fp.algorithm() + " " + fp.hex());
        } catch (MalformedFingerprintException e) {
            throw new IOException("bad remote fingerprint " + fp + ": " + e.getMessage(), e);
        }
        DtlsRole role = sd.resolvedSetup(first).filter(s -> s == Setup.ACTIVE).isPresent()
                ? DtlsRole.SERVER : DtlsRole.CLIENT;
        return new RemoteTransport(new InetSocketAddress(c.address(), c.port()), ice, fingerprint, role);
    }
}
