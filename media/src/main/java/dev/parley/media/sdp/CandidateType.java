package dev.parley.media.sdp;

/** RFC 8445 §5.1.1 candidate types, as RFC 8839 §5.1 writes them after {@code typ}. */
public enum CandidateType {
    HOST("host"),
    SRFLX("srflx"),
    PRFLX("prflx"),
    RELAY("relay");

    private final String sdpName;

    CandidateType(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    static CandidateType parse(String value) throws SdpParseException {
        for (CandidateType t : values()) {
            if (t.sdpName.equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new SdpParseException("unknown candidate type '" + value + "' (host, srflx, prflx, relay)");
    }
}
