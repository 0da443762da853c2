package dev.parley.media.transport;

import java.net.InetSocketAddress;

/**
 * The way a transport's packets leave: a 5-tuple on the shared UDP port, or one ICE-TCP connection
 * (RFC 6544). A transport sends on the path its ICE agent selected, whatever carries it.
 */
public interface MediaPath {
    /** The peer's address as this server sees it (for TCP, the connection's remote end). */
    InetSocketAddress remote();

    /**
     * Sends one packet: a datagram, or one RFC 4571 frame. The bytes are copied before this returns.
     * Called on the media loop only. A path that cannot take more (a TCP peer that does not read) drops
     * the packet, as a congested UDP path would.
     */
    void send(byte[] buf, int off, int len);

    /** "udp" or "tcp", as in an ICE candidate. */
    String protocol();
}
