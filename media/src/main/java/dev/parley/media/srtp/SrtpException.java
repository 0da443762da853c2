package dev.parley.media.srtp;

import dev.parley.media.MalformedPacketException;

/**
 * An SRTP or SRTCP packet was rejected by unprotect: it is malformed, forged, replayed or too old.
 *
 * <p>The caller drops the packet; {@link #reason()} says why, for counters. The exception carries no
 * stack trace: a flood of forged packets must not cost a stack walk each, and the reason says all.
 */
public final class SrtpException extends MalformedPacketException {
    private static final long serialVersionUID = 1L;

    /** Why a packet was rejected. */
    public enum Reason {
        /** Shorter than the smallest header plus tag (and SRTCP index) of the profile. */
        TOO_SHORT,
        /** Not version 2, or its CSRC list or header extension runs past the end of the packet. */
        MALFORMED_HEADER,
        /** The authentication tag does not match: forged, corrupted, or protected with other keys. */
        AUTH_FAILED,
        /** Its index was already accepted (RFC 3711 §3.3.2). */
        REPLAYED,
        /** Its index is behind the replay window, so replay cannot be ruled out (RFC 3711 §3.3.2). */
        TOO_OLD,
        /** A new SSRC arrived while the session already tracks its maximum number of SSRCs. */
        TOO_MANY_SSRCS,
        /** The index space of the master key is used up; the peer should have re-keyed (RFC 3711 §9.2). */
        INDEX_EXHAUSTED
    }

    private final Reason reason;

    public SrtpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Rejections are routine under attack or loss; the reason is the whole diagnosis.
        return this;
    }
}
