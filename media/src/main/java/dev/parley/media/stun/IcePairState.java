package dev.parley.media.stun;

/** State of one candidate pair of the controlling agent (RFC 8445 §6.1.2.6, without Frozen). */
public enum IcePairState {
    /** Added, its first check not sent yet. */
    WAITING,
    /** A check was sent and is being retransmitted. */
    IN_PROGRESS,
    /** An authenticated success response arrived from the pair's remote address. */
    SUCCEEDED,
    /**
     * The check timed out, drew an error response or a response from another address, or the pair was
     * abandoned because another pair was selected first (RFC 8445 §8.1.2).
     */
    FAILED
}
