package dev.parley.media.sdp;

/**
 * RFC 5576 §4.1 {@code a=ssrc:<ssrc> <attribute>[:<value>]}, e.g. {@code cname:...} or
 * {@code msid:<stream> <track>}.
 *
 * @param attribute the source attribute name, empty for a bare {@code a=ssrc:<ssrc>}
 * @param value the text after the attribute's colon, empty when there is none
 */
public record SsrcAttribute(long ssrc, String attribute, String value) {
    public static final String CNAME = "cname";
    public static final String MSID = "msid";

    String text() {
        if (attribute.isEmpty()) {
            return Long.toString(ssrc);
        }
        return value.isEmpty() ? ssrc + " " + attribute : ssrc + " " + attribute + ':' + value;
    }

    static SsrcAttribute parse(String text) throws SdpParseException {
        String[] ssrcAndRest = SdpSyntax.headAndRest(text);
        long ssrc = SdpSyntax.ssrc(ssrcAndRest[0]);
        String rest = ssrcAndRest[1];
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return new SsrcAttribute(ssrc, rest, "");
        }
        String attribute = SdpSyntax.strip(rest.substring(0, colon));
        if (attribute.isEmpty()) {
            throw new SdpParseException("a=ssrc source attribute has no name");
        }
        return new SsrcAttribute(ssrc, attribute, SdpSyntax.strip(rest.substring(colon + 1)));
    }
}
