package dev.parley.media.dtls;

/**
 * A DTLS-SRTP handshake failed. {@link #reason()} says why in a form a caller can act on; the message
 * says it for a human (it never contains key material).
 */
public final class DtlsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the handshake failed. */
    public enum Reason {
        /** The peer's certificate does not have the fingerprint its SDP announced (RFC 5763 §5). */
        FINGERPRINT_MISMATCH,
        /** The peer sent no certificate (WebRTC requires both sides to present one, RFC 8827 §6.5). */
        NO_CERTIFICATE,
        /** No SRTP protection profile in common, or no/invalid {@code use_srtp} (RFC 5764 §4.1.1). */
        NO_SRTP_PROFILE,
        /** The handshake did not finish within the configured timeout. */
        TIMEOUT,
        /** {@link DtlsAssociation#close()} was called before the handshake finished. */
        CLOSED,
        /** The peer aborted the handshake with a fatal alert. */
        PEER_ALERT,
        /** No thread was available to run the handshake. */
        OVERLOADED,
        /** Any other protocol failure (bad message, unsupported cipher suite or version...). */
        PROTOCOL_ERROR
    }

    private final Reason reason;

    public DtlsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DtlsException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
