package dev.parley.media.stun;

import java.util.Optional;

/**
 * What {@link IceLiteAgent#handle} made of one datagram.
 *
 * @param verdict how the datagram was classified
 * @param response the datagram to send back to the sender, if any (owned by the caller)
 * @param selectionChanged true when this check nominated a new address: the sender is now
 *     {@link IceLiteAgent#selectedAddress()} and media should go there
 */
public record IceCheckResult(Verdict verdict, Optional<byte[]> response, boolean selectionChanged) {

    /** How a datagram was classified; every verdict except {@link #DROPPED} comes with a response. */
    public enum Verdict {
        /** A valid connectivity check, answered with a Binding success response. */
        SUCCESS,
        /** A Binding request missing USERNAME, MESSAGE-INTEGRITY or FINGERPRINT, or malformed: 400. */
        BAD_REQUEST,
        /** A Binding request for another ufrag or with a wrong MESSAGE-INTEGRITY: 401. */
        UNAUTHORIZED,
        /** An authenticated request with unknown comprehension-required attributes: 420. */
        UNKNOWN_ATTRIBUTE,
        /** An authenticated request from a peer that also claims the controlled role: 487. */
        ROLE_CONFLICT,
        /** Not a STUN Binding request, or one with a wrong FINGERPRINT: ignored, nothing sent. */
        DROPPED
    }

    static final IceCheckResult DROPPED = new IceCheckResult(Verdict.DROPPED, Optional.empty(), false);

    public IceCheckResult {
        if (verdict == null || response == null) {
            throw new IllegalArgumentException("verdict and response are required");
        }
    }
}
