package dev.parley.media.sdp;

/** The media type of an {@code m=} line that WebRTC uses (JSEP RFC 9429 §5.8 rejects the others). */
public enum MediaKind {
    AUDIO("audio"),
    VIDEO("video"),
    APPLICATION("application");

    private final String sdpName;

    MediaKind(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    static MediaKind parse(String value) throws SdpParseException {
        for (MediaKind k : values()) {
            if (k.sdpName.equals(value)) {
                return k;
            }
        }
        throw new SdpParseException("unsupported media type '" + value + "' (audio, video, application)");
    }
}
