package dev.parley.media.dtls;

import dev.parley.media.MalformedPacketException;

/**
 * An SDP {@code a=fingerprint} value could not be parsed (RFC 8122 §5): unknown or unsupported hash
 * function, bad hex, wrong digest length, or an oversized value.
 */
public final class MalformedFingerprintException extends MalformedPacketException {
    private static final long serialVersionUID = 1L;

    public MalformedFingerprintException(String message) {
        super(message);
    }
}
