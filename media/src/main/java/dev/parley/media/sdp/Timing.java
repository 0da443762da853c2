package dev.parley.media.sdp;

import java.util.List;

/** RFC 8866 §5.9 {@code t=<start-time> <stop-time>}; WebRTC always writes {@code t=0 0} (RFC 9429 §5.2.1). */
public record Timing(long start, long stop) {
    public static final Timing UNBOUNDED = new Timing(0, 0);

    String value() {
        return start + " " + stop;
    }

    static Timing parse(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.size() != 2) {
            throw new SdpParseException("t= needs 2 fields, found " + w.size());
        }
        return new Timing(SdpSyntax.unsigned(w.get(0), Long.MAX_VALUE, "start time"),
                SdpSyntax.unsigned(w.get(1), Long.MAX_VALUE, "stop time"));
    }
}
