package dev.parley.media.dtls;

/**
 * Where a {@link DtlsAssociation} sends its DTLS datagrams: the transport's 5-tuple.
 *
 * <p>Called from the handshake thread during the handshake, and afterwards from whichever thread
 * processes incoming DTLS records or calls {@link DtlsAssociation#close()} (retransmitted final flights,
 * close_notify). Implementations must therefore be thread-safe, must not block for long, and must copy
 * the bytes if they send asynchronously: the buffer belongs to the caller and is reused after return.
 * Sending is best effort (UDP): an implementation should drop rather than throw.
 */
@FunctionalInterface
public interface DatagramSender {
    /** Sends {@code buf[off, off + len)} as one datagram. */
    void send(byte[] buf, int off, int len);
}
