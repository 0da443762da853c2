package dev.parley.media.stun;

import java.net.InetSocketAddress;

/**
 * A datagram an agent wants sent. A retransmission carries the very same bytes as the first
 * transmission (RFC 8489 §6.2.1); the array is shared with the agent, so send it without modifying it.
 *
 * @param destination where to send it
 * @param datagram the STUN message
 */
public record IceTransmission(InetSocketAddress destination, byte[] datagram) {
}
