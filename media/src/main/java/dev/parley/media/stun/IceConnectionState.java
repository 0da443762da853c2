package dev.parley.media.stun;

/** Where the controlling agent's connection stands. */
public enum IceConnectionState {
    /** Checks in progress, no pair succeeded yet. */
    CHECKING,
    /** A pair succeeded and was nominated: it is the selected pair; consent checks run on it. */
    CONNECTED,
    /** Every pair failed (RFC 8445 §7.2.5.4), or there were none. Final. */
    FAILED,
    /** No consent response for the consent timeout (RFC 7675 §5.1): stop sending. Final. */
    CONSENT_LOST
}
