package dev.parley.sfu;

import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The codecs Parley forwards (no transcoding), with the payload types it uses on every downlink. Fixed
 * downlink payload types keep a subscriber's BUNDLE consistent whatever each publisher negotiated
 * (RFC 8843 §9.1: one payload type, one codec, across bundled sections).
 */
public enum ForwardedCodec {
    OPUS(MediaKind.AUDIO, "opus", 48000, 2, 111, -1, 63),
    VP8(MediaKind.VIDEO, "VP8", 90000, 0, 96, 97, -1),
    H264(MediaKind.VIDEO, "H264", 90000, 0, 102, 103, -1);

    /** RFC 2198's encoding name ({@code red/48000/2} for Opus redundancy, RFC 2198 §5). */
    public static final String RED = "red";

    private final MediaKind kind;
    private final String sdpName;
    private final int clockRate;
    private final int channels;
    private final int downlinkPayloadType;
    private final int downlinkRtxPayloadType;
    private final int downlinkRedPayloadType;

    ForwardedCodec(MediaKind kind, String sdpName, int clockRate, int channels, int downlinkPayloadType,
                   int downlinkRtxPayloadType, int downlinkRedPayloadType) {
        this.downlinkRtxPayloadType = downlinkRtxPayloadType;
        this.downlinkRedPayloadType = downlinkRedPayloadType;
        this.kind = kind;
        this.sdpName = sdpName;
        this.clockRate = clockRate;
        this.channels = channels;
        this.downlinkPayloadType = downlinkPayloadType;
    }

    public MediaKind kind() {
        return kind;
    }

    public String sdpName() {
        return sdpName;
    }

    public int clockRate() {
        return clockRate;
    }

    public int channels() {
        return channels;
    }

    public int downlinkPayloadType() {
        return downlinkPayloadType;
    }

    /** The RFC 4588 RTX payload type offered on downlinks for this codec, if it has one (video). */
    public OptionalInt downlinkRtxPayloadType() {
        return downlinkRtxPayloadType < 0 ? OptionalInt.empty() : OptionalInt.of(downlinkRtxPayloadType);
    }

    /**
     * The RFC 2198 redundancy payload type offered on downlinks for this codec ({@code red/48000/2} carrying
     * only this codec, {@code a=fmtp:63 111/111}), if it has one (Opus).
     */
    public OptionalInt downlinkRedPayloadType() {
        return downlinkRedPayloadType < 0 ? OptionalInt.empty() : OptionalInt.of(downlinkRedPayloadType);
    }

    /** Whether an offered codec is one we forward, with parameters every subscriber can decode. */
    public static Optional<ForwardedCodec> accept(Codec offered) {
        for (ForwardedCodec f : values()) {
            if (offered.isNamed(f.sdpName) && offered.clockRate() == f.clockRate && f.acceptsParameters(offered)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private boolean acceptsParameters(Codec c) {
        if (this != H264) {
            return true;
        }
        // RFC 6184 §8.1: only non-interleaved mode, and the (constrained) baseline profile that every
        // browser decodes: profile_idc 0x42. Safari's High profile offers are declined.
        String mode = c.parameter("packetization-mode").orElse("0");
        String profile = c.parameter("profile-level-id").orElse("42e01f").toLowerCase(Locale.ROOT);
        return mode.equals("1") && profile.length() == 6 && profile.startsWith("42");
    }
}
