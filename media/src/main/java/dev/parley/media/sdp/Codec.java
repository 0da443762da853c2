package dev.parley.media.sdp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One RTP payload format of an m-section: RFC 8866 §6.6 {@code a=rtpmap:<pt> <name>/<clock>[/<channels>]}
 * with its §6.15 {@code a=fmtp} parameters and RFC 4585 {@code a=rtcp-fb} feedback.
 *
 * @param channels the encoding parameter of audio codecs ({@code opus/48000/2}); empty when not written
 * @param parameters fmtp parameters in written order; a parameter without {@code =} has an empty value
 * @param feedback rtcp-fb lines for this payload type, in written order
 */
public record Codec(int payloadType, String name, int clockRate, OptionalInt channels,
        Map<String, String> parameters, List<RtcpFeedback> feedback) {
    static final String RTX = "rtx";

    public Codec {
        parameters = ParameterMap.copyOf(parameters);
        feedback = List.copyOf(feedback);
    }

    public static Codec of(int payloadType, String name, int clockRate, OptionalInt channels) {
        return new Codec(payloadType, name, clockRate, channels, Map.of(), List.of());
    }

    /** An RFC 4588 retransmission format for {@code associated}: {@code rtx/<clock>} with {@code apt=}. */
    public static Codec rtx(int payloadType, Codec associated) {
        return new Codec(payloadType, RTX, associated.clockRate(), OptionalInt.empty(),
                Map.of("apt", Integer.toString(associated.payloadType())), List.of());
    }

    public Codec withPayloadType(int newPayloadType) {
        return new Codec(newPayloadType, name, clockRate, channels, parameters, feedback);
    }

    public Codec withParameters(Map<String, String> newParameters) {
        return new Codec(payloadType, name, clockRate, channels, newParameters, feedback);
    }

    /** The same codec with one fmtp parameter added or replaced (order kept). */
    public Codec withParameter(String parameterName, String value) {
        Map<String, String> more = new LinkedHashMap<>(parameters);
        more.put(parameterName, value);
        return withParameters(more);
    }

    public Codec withFeedback(List<RtcpFeedback> newFeedback) {
        return new Codec(payloadType, name, clockRate, channels, parameters, newFeedback);
    }

    /** An fmtp parameter, looked up exactly first, then case-insensitively. */
    public Optional<String> parameter(String parameterName) {
        return ParameterMap.get(parameters, parameterName);
    }

    /** True when the encoding name is {@code encodingName}, ignoring case (RFC 8866 §6.6: names are case-insensitive). */
    public boolean isNamed(String encodingName) {
        return name.equalsIgnoreCase(encodingName);
    }

    /** RFC 4588 §8.6: a retransmission format, whose {@code apt} names the payload type it repairs. */
    public boolean isRtx() {
        return isNamed(RTX);
    }

    /** The {@code apt=} parameter of an RTX (or RED/FEC) format, when present and numeric. */
    public OptionalInt associatedPayloadType() {
        Optional<String> apt = parameter("apt");
        if (apt.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(SdpSyntax.payloadType(apt.get()));
        } catch (SdpParseException e) {
            return OptionalInt.empty();
        }
    }

    public boolean hasFeedback(RtcpFeedback wanted) {
        return feedback.contains(wanted);
    }

    String rtpmapValue() {
        String base = payloadType + " " + name + '/' + clockRate;
        return channels.isPresent() ? base + '/' + channels.getAsInt() : base;
    }

    /** Parses the value of {@code a=rtpmap:}. */
    static Codec parseRtpmap(String value) throws SdpParseException {
        String[] ptAndRest = SdpSyntax.headAndRest(value);
        int pt = SdpSyntax.payloadType(ptAndRest[0]);
        String encoding = ptAndRest[1];
        int slash = encoding.indexOf('/');
        if (slash <= 0) {
            throw new SdpParseException("a=rtpmap needs <encoding name>/<clock rate>");
        }
        String encodingName = SdpSyntax.token(encoding.substring(0, slash), "encoding name");
        String rest = encoding.substring(slash + 1);
        int secondSlash = rest.indexOf('/');
        String clock = secondSlash < 0 ? rest : rest.substring(0, secondSlash);
        int clockRate = SdpSyntax.unsignedInt(clock, Integer.MAX_VALUE, "clock rate");
        OptionalInt channels = OptionalInt.empty();
        if (secondSlash >= 0) {
            channels = OptionalInt.of(SdpSyntax.unsignedInt(rest.substring(secondSlash + 1), 255, "channel count"));
        }
        return of(pt, encodingName, clockRate, channels);
    }
}
