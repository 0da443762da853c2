package dev.parley.media.sdp;

import java.util.List;

/**
 * RFC 8830 §2 {@code a=msid:<stream-id> [<track-id>]}: the MediaStream this m-section's track belongs to
 * ({@code -} for none) and the sender's track id ({@code appdata}; empty when absent).
 */
public record Msid(String streamId, String trackId) {

    String value() {
        return trackId.isEmpty() ? streamId : streamId + ' ' + trackId;
    }

    static Msid parse(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.isEmpty() || w.size() > 2) {
            throw new SdpParseException("a=msid needs a stream id and at most one track id");
        }
        return new Msid(w.get(0), w.size() == 2 ? w.get(1) : "");
    }
}
