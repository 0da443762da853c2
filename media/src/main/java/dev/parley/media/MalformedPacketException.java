package dev.parley.media;

/**
 * A wire message could not be parsed: it is truncated, oversized, or violates its specification.
 *
 * <p>Every parser in this module reports bad input with this checked exception (or a subclass), never
 * with an unchecked exception, so a caller on the packet path can drop the datagram with one catch.
 * The message says what was wrong and where; it never contains key material.
 */
public class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }

    public MalformedPacketException(String message, Throwable cause) {
        super(message, cause);
    }
}
