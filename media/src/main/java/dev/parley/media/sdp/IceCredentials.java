package dev.parley.media.sdp;

/** RFC 8839 §5.4 {@code a=ice-ufrag} and {@code a=ice-pwd} of one side, taken together. */
public record IceCredentials(String ufrag, String pwd) {
}
