package dev.parley.media.stun;

import dev.parley.media.MalformedPacketException;

/**
 * A datagram is not a well-formed STUN message (RFC 8489 §5, §14): truncated, a length field that does
 * not match the bytes present, an attribute overrunning the message, or a known attribute whose value
 * has the wrong size or an impossible content.
 */
public final class StunParseException extends MalformedPacketException {
    private static final long serialVersionUID = 1L;

    public StunParseException(String message) {
        super(message);
    }
}
