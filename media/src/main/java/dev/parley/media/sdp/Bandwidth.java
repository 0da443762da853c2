package dev.parley.media.sdp;

/** RFC 8866 §5.8 {@code b=<bwtype>:<bandwidth>}, e.g. {@code b=AS:512} (kbit/s) or {@code b=TIAS:...} (bit/s). */
public record Bandwidth(String type, long value) {

    String text() {
        return type + ':' + value;
    }

    static Bandwidth parse(String value) throws SdpParseException {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new SdpParseException("b= needs <type>:<bandwidth>");
        }
        String type = SdpSyntax.token(value.substring(0, colon), "bandwidth type");
        return new Bandwidth(type, SdpSyntax.unsigned(SdpSyntax.strip(value.substring(colon + 1)),
                Long.MAX_VALUE, "bandwidth"));
    }
}
