package dev.parley.media.sdp;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * RFC 3551 §6 Tables 4 and 5: payload types whose encoding is fixed, so an offer may list them in the
 * {@code m=} line without {@code a=rtpmap} (RFC 8866 §6.6).
 */
enum StaticPayloadType {
    PCMU(0, "PCMU", 8000, 0), GSM(3, "GSM", 8000, 0), G723(4, "G723", 8000, 0), DVI4_8000(5, "DVI4", 8000, 0),
    DVI4_16000(6, "DVI4", 16000, 0), LPC(7, "LPC", 8000, 0), PCMA(8, "PCMA", 8000, 0), G722(9, "G722", 8000, 0),
    L16_STEREO(10, "L16", 44100, 2), L16_MONO(11, "L16", 44100, 0), QCELP(12, "QCELP", 8000, 0),
    CN(13, "CN", 8000, 0), MPA(14, "MPA", 90000, 0), G728(15, "G728", 8000, 0), DVI4_11025(16, "DVI4", 11025, 0),
    DVI4_22050(17, "DVI4", 22050, 0), G729(18, "G729", 8000, 0), CELB(25, "CelB", 90000, 0),
    JPEG(26, "JPEG", 90000, 0), NV(28, "nv", 90000, 0), H261(31, "H261", 90000, 0), MPV(32, "MPV", 90000, 0),
    MP2T(33, "MP2T", 90000, 0), H263(34, "H263", 90000, 0);

    private final int payloadType;
    private final String encodingName;
    private final int clockRate;
    private final int channels;

    StaticPayloadType(int payloadType, String encodingName, int clockRate, int channels) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
        this.clockRate = clockRate;
        this.channels = channels;
    }

    /** The codec this static payload type stands for, without parameters or feedback. */
    static Optional<Codec> codec(int payloadType) {
        for (StaticPayloadType s : values()) {
            if (s.payloadType == payloadType) {
                return Optional.of(Codec.of(payloadType, s.encodingName, s.clockRate,
                        s.channels == 0 ? OptionalInt.empty() : OptionalInt.of(s.channels)));
            }
        }
        return Optional.empty();
    }
}
