package dev.parley.media.sdp;

import java.util.List;

/**
 * {@code a=msid-semantic: WMS <stream-id>...} (draft-ietf-mmusic-msid-00; still written by Chrome and
 * Firefox, and expected in an answer by older Chrome).
 */
public record MsidSemantic(String semantic, List<String> identifiers) {

    public MsidSemantic {
        identifiers = List.copyOf(identifiers);
    }

    /** {@code WMS *}: every stream (what an SFU announces). */
    public static MsidSemantic wmsAll() {
        return new MsidSemantic("WMS", List.of("*"));
    }

    /** Chrome's spelling, with a space after the colon, which every browser reads. */
    String value() {
        return identifiers.isEmpty() ? " " + semantic : " " + semantic + ' ' + String.join(" ", identifiers);
    }

    static MsidSemantic parse(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.isEmpty()) {
            throw new SdpParseException("a=msid-semantic needs a semantic");
        }
        return new MsidSemantic(w.get(0), w.subList(1, w.size()));
    }
}
