package dev.parley.media.sdp;

/**
 * RFC 4585 §4.2 {@code a=rtcp-fb:<pt> <type> [<parameter>]}, e.g. {@code nack}, {@code nack pli},
 * {@code ccm fir}, {@code goog-remb}, {@code transport-cc}.
 *
 * @param parameter the rest of the line after the type, empty when there is none
 */
public record RtcpFeedback(String type, String parameter) {
    public static final RtcpFeedback NACK = new RtcpFeedback("nack", "");
    public static final RtcpFeedback NACK_PLI = new RtcpFeedback("nack", "pli");
    public static final RtcpFeedback CCM_FIR = new RtcpFeedback("ccm", "fir");
    public static final RtcpFeedback GOOG_REMB = new RtcpFeedback("goog-remb", "");
    public static final RtcpFeedback TRANSPORT_CC = new RtcpFeedback("transport-cc", "");

    String value() {
        return parameter.isEmpty() ? type : type + ' ' + parameter;
    }

    /** Parses what follows the payload type. */
    static RtcpFeedback parse(String text) throws SdpParseException {
        String[] typeAndRest = SdpSyntax.headAndRest(text);
        if (typeAndRest[0].isEmpty()) {
            throw new SdpParseException("a=rtcp-fb needs a feedback type");
        }
        return new RtcpFeedback(typeAndRest[0], typeAndRest[1]);
    }
}
