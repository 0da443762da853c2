package dev.parley.media.transport;

/**
 * A {@link MediaPath} over one stream connection (ICE-TCP, RFC 6544): it is routed to a transport only
 * after that transport accepted a STUN check on it ({@link #claim}), and the transport closes it when it
 * ends.
 */
public interface StreamPath extends MediaPath {
    /** The transport that accepted a valid ICE check on this connection takes every later frame. Loop thread. */
    void claim(MuxedTransport transport);

    /** Closes the connection (the transport ended, or holds too many). Loop thread; idempotent. */
    void close();
}
