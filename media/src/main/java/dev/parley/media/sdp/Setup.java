package dev.parley.media.sdp;

/** RFC 4145 §4 / RFC 8842 §5: the DTLS role, {@code a=setup:}. */
public enum Setup {
    ACTPASS("actpass"),
    ACTIVE("active"),
    PASSIVE("passive"),
    HOLDCONN("holdconn");

    private final String sdpName;

    Setup(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    static Setup parse(String value) throws SdpParseException {
        String v = SdpSyntax.strip(value);
        for (Setup s : values()) {
            if (s.sdpName.equalsIgnoreCase(v)) {
                return s;
            }
        }
        throw new SdpParseException("unknown setup role '" + v + "'");
    }
}
