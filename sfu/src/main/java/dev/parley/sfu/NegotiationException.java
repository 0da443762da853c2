package dev.parley.sfu;

/**
 * A client's SDP cannot be negotiated: not valid SDP, not WebRTC (profile, ICE credentials, fingerprint,
 * rtcp-mux), nothing the media plane can forward, or an answer that does not fit its offer. The message
 * says what to fix and cites the rule; signaling turns it into its protocol's "invalid parameter" error.
 */
public final class NegotiationException extends Exception {
    private static final long serialVersionUID = 1L;

    public NegotiationException(String message) {
        super(message);
    }
}
