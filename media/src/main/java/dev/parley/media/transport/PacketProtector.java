package dev.parley.media.transport;

/**
 * Protects one packet in place (SRTP, RFC 3711 §3.1) and returns its new length; the buffer has
 * {@link UdpPortMux#HEADROOM} spare bytes after the packet for the tag. A transport's RTP protector is
 * called on one thread only: the media loop the transport sends from.
 */
@FunctionalInterface
public interface PacketProtector {
    int protect(byte[] buf, int off, int len);
}
