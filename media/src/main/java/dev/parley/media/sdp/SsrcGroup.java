package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5576 §4.2 {@code a=ssrc-group:<semantics> <ssrc>...}: {@code FID} pairs a media SSRC with its RTX
 * SSRC (RFC 4588 §8.2), {@code SIM} lists simulcast layers, low to high (legacy Chrome simulcast).
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }

    /** {@code FID <media> <rtx>}. */
    public static SsrcGroup fid(long mediaSsrc, long rtxSsrc) {
        return new SsrcGroup(FID, List.of(mediaSsrc, rtxSsrc));
    }

    public boolean isFid() {
        return FID.equals(semantics);
    }

    String value() {
        StringBuilder b = new StringBuilder(semantics);
        for (long s : ssrcs) {
            b.append(' ').append(s);
        }
        return b.toString();
    }

    static SsrcGroup parse(String text) throws SdpParseException {
        List<String> w = SdpSyntax.words(text);
        if (w.isEmpty()) {
            throw new SdpParseException("a=ssrc-group needs semantics");
        }
        List<Long> ssrcs = new ArrayList<>(w.size() - 1);
        for (String s : w.subList(1, w.size())) {
            ssrcs.add(SdpSyntax.ssrc(s));
        }
        return new SsrcGroup(w.get(0), ssrcs);
    }
}
