package dev.parley.media.sdp;

import java.util.List;

/** RFC 5888 §5 {@code a=group:<semantics> <mid>...}, e.g. {@code a=group:BUNDLE 0 1} (RFC 8843 §7.1). */
public record Group(String semantics, List<String> mids) {
    public static final String BUNDLE = "BUNDLE";

    public Group {
        mids = List.copyOf(mids);
    }

    public static Group bundle(List<String> mids) {
        return new Group(BUNDLE, mids);
    }

    public boolean isBundle() {
        return BUNDLE.equalsIgnoreCase(semantics);
    }

    String value() {
        return mids.isEmpty() ? semantics : semantics + ' ' + String.join(" ", mids);
    }

    static Group parse(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.isEmpty()) {
            throw new SdpParseException("a=group needs semantics");
        }
        return new Group(w.get(0), w.subList(1, w.size()));
    }
}
