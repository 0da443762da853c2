package dev.parley.media.transport;

import java.net.InetSocketAddress;

/**
 * A transport attached to a {@link UdpPortMux}: receives the datagrams routed to it on the mux's loop, and
 * the frames of ICE-TCP connections ({@link IceTcpPort}) on the same loop.
 */
public interface MuxedTransport {
    /**
     * A datagram for this transport. The buffer is the mux's and is reused after the call returns: copy
     * what must outlive it. The buffer has at least {@link UdpPortMux#HEADROOM} spare bytes after
     * {@code off + len}, so the datagram may be processed (decrypted) in place.
     */
    void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from);

    /**
     * One RFC 4571 frame from an ICE-TCP connection, with the same buffer contract as {@link #onDatagram}.
     * Before the connection is claimed only STUN arrives here (routed by ufrag).
     */
    default void onStreamPacket(PacketKind kind, byte[] buf, int off, int len, StreamPath path) {
        path.close();
    }

    /** An ICE-TCP connection this transport claimed has closed. */
    default void onStreamClosed(StreamPath path) {
    }

    /** Called about once a second on the mux's loop: check timeouts (ICE consent) on the transport's clock. */
    void onTick();
}
