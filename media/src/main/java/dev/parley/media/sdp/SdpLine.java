package dev.parley.media.sdp;

/**
 * A non-attribute line the model has no field for ({@code i=}, {@code u=}, {@code e=}, {@code p=},
 * {@code k=}, {@code r=}, {@code z=}, extra {@code t=}), kept verbatim so that nothing is lost.
 */
public record SdpLine(char type, String value) {
}
