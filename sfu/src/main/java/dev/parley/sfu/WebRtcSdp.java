package dev.parley.sfu;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.MalformedFingerprintException;
import dev.parley.media.sdp.Fingerprint;
import dev.parley.media.sdp.IceCredentials;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.SdpParseException;
import dev.parley.media.sdp.SessionDescription;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A client's SDP (a publish offer, a downlink answer) parsed and held to what WebRTC requires before any
 * of it reaches the media plane. Signaling calls this off the media thread: parsing is the costly part.
 */
public final class WebRtcSdp {
    /**
     * RFC 8829 §5.1.2 offers UDP/TLS/RTP/SAVPF (TCP/DTLS/RTP/SAVPF over ICE-TCP); §5.1.3 also accepts the
     * legacy RTP/SAVPF name. Anything without SRTP and feedback (RTP/AVP, RTP/SAVP) is not WebRTC media.
     */
    private static final Set<String> PROFILES = Set.of(MediaDescription.RTP_PROFILE, "TCP/DTLS/RTP/SAVPF",
            "RTP/SAVPF");
    // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4-256, pwd 22-256 characters.
    private static final Pattern UFRAG = Pattern.compile("[A-Za-z0-9+/]{4,256}");
    private static final Pattern PWD = Pattern.compile("[A-Za-z0-9+/]{22,256}");

    private WebRtcSdp() {
    }

    /**
     * @param what how messages name it, e.g. "publish offer"
     * @throws NegotiationException {@code INVALID_PARAMETER} naming the first problem
     */
    public static SessionDescription parse(String sdp, String what) throws NegotiationException {
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new NegotiationException(what + " is not valid SDP: " + e.getMessage());
        }
        boolean first = true;
        for (MediaDescription m : sd.media()) {
            if (m.isRejected() || !m.isRtp()) {
                continue;
            }
            String section = "m=" + m.kind().sdpName() + " section " + m.mid().map(mid -> "'" + mid + "'").orElse("");
            if (!PROFILES.contains(m.protocol())) {
                throw new NegotiationException(what + ": " + section + " uses profile "
                        + m.protocol() + "; WebRTC media needs UDP/TLS/RTP/SAVPF (DTLS-SRTP, RFC 8829 §5.1.2)");
            }
            // The first section carries the (bundled) transport and must have credentials; browsers repeat
            // them in every section, and any that are there must be well formed.
            Optional<IceCredentials> ice = sd.resolvedIceCredentials(m);
            if (ice.isEmpty() && first) {
                throw new NegotiationException(what + ": " + section
                        + " has no a=ice-ufrag and a=ice-pwd (RFC 8839 §5.4)");
            }
            if (ice.isPresent() && (!UFRAG.matcher(ice.get().ufrag()).matches()
                    || !PWD.matcher(ice.get().pwd()).matches())) {
                throw new NegotiationException(what + ": " + section
                        + " has a malformed ICE ufrag or password (RFC 8839 §5.4: 4-256 and 22-256 characters"
                        + " of letters, digits, '+' and '/')");
            }
            first = false;
        }
        return sd;
    }

    /** The DTLS fingerprint of section {@code m} (RFC 8122 §5), checked. */
    public static DtlsFingerprint remoteFingerprint(SessionDescription sd, MediaDescription m, String what)
            throws NegotiationException {
        Optional<Fingerprint> fp = sd.resolvedFingerprint(m);
        if (fp.isEmpty()) {
            throw new NegotiationException(what + " has no a=fingerprint (RFC 8122)");
        }
        try {
            return DtlsFingerprint.parse(fp.get().algorithm() + " " + fp.get().hex());
        } catch (MalformedFingerprintException e) {
            throw new NegotiationException(what + ": " + e.getMessage());
        }
    }
}
