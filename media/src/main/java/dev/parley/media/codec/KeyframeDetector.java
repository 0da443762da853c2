package dev.parley.media.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells, from an RTP payload alone, whether it belongs to a keyframe and whether it starts a frame:
 * what an SFU needs to begin forwarding a stream to a new subscriber or to switch layers.
 * Implementations are stateless, allocation-free and thread-safe, and answer false for a payload
 * that does not parse.
 *
 * <p>To start forwarding at a keyframe, wait for a packet for which both {@link #isKeyframe} and
 * {@link #isStartOfFrame} hold: that is the first packet of a keyframe for every codec here.
 */
public interface KeyframeDetector {
    /**
     * True if the payload carries keyframe data. VP8 can tell only on a keyframe's first packet (the
     * P bit is in the VP8 payload header, RFC 7741 §4.3); H.264 tells on every packet carrying an IDR
     * slice or an SPS; audio is always true.
     */
    boolean isKeyframe(byte[] payload, int off, int len);

    /** True if the payload is the first packet of a frame. */
    boolean isStartOfFrame(byte[] payload, int off, int len);

    /**
     * The detector for an SDP encoding name (RFC 4855 §3: case-insensitive): "VP8", "H264" or "opus".
     *
     * @return empty for any other codec
     */
    static Optional<KeyframeDetector> forCodec(String encodingName) {
        return switch (encodingName.toUpperCase(Locale.ROOT)) {
            case "VP8" -> Optional.of(CodecKeyframeDetector.VP8);
            case "H264" -> Optional.of(CodecKeyframeDetector.H264);
            case "OPUS" -> Optional.of(CodecKeyframeDetector.OPUS);
            default -> Optional.empty();
        };
    }
}
