package dev.parley.media.dtls;

/** Why a {@link DtlsAssociation} ended; the value of {@link DtlsAssociation#closed()}. */
public enum DtlsCloseCause {
    /** {@link DtlsAssociation#close()} was called. */
    LOCAL_CLOSE,
    /** The peer sent a close_notify alert after the handshake (RFC 5246 §7.2.1). */
    PEER_CLOSE_NOTIFY,
    /** The peer sent a fatal alert, or a record could not be processed, after the handshake. */
    PEER_ERROR,
    /** The handshake failed (see the {@link DtlsException} of {@link DtlsAssociation#handshake()}). */
    HANDSHAKE_FAILED
}
