package dev.parley.media.dtls;

/** Told of every alert the peer sends, during and after the handshake (RFC 5246 §7.2). */
@FunctionalInterface
interface PeerAlertListener {
    void alertReceived(short level, short description);
}
