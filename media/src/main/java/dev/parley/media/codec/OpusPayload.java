package dev.parley.media.codec;

import dev.parley.media.MalformedPacketException;

/**
 * The table-of-contents byte of an Opus packet (RFC 6716 §3.1), all an SFU needs of Opus (RFC 7587:
 * one Opus packet per RTP payload).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * | config  |s| c |
 * </pre>
 *
 * @param config         0..31: mode, bandwidth and frame duration (RFC 6716 Table 2)
 * @param stereo         s: the frames are stereo
 * @param frameCountCode c: 0 one frame, 1 two equal frames, 2 two frames, 3 an arbitrary number
 * @param frameCount     frames in the packet (for c=3, from the frame count byte)
 */
public record OpusPayload(int config, boolean stereo, int frameCountCode, int frameCount) {
    /** RFC 6716 §3.1 mode of a configuration. */
    public enum Mode { SILK, HYBRID, CELT }

    /** RFC 6716 §2 audio bandwidth of a configuration. */
    public enum Bandwidth { NARROWBAND, MEDIUMBAND, WIDEBAND, SUPER_WIDEBAND, FULLBAND }

    private static final int MAX_PACKET_DURATION_MICROS = 120_000; // RFC 6716 §3.2.5
    private static final int[] SILK_FRAME_MICROS = {10_000, 20_000, 40_000, 60_000};

    /**
     * Reads the TOC (and, for code 3, the frame count byte) of the RTP payload {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if the payload is empty (RFC 6716 §3.4 R1), or a code 3 packet
     *                                  lacks its frame count byte, has 0 frames or lasts more than
     *                                  120 ms (R5)
     */
    public static OpusPayload parse(byte[] buf, int off, int len) throws MalformedPacketException {
        if (len < 1) {
            throw new MalformedPacketException("empty Opus packet");
        }
        int toc = buf[off] & 0xFF;
        int config = toc >>> 3;
        int code = toc & 0x3;
        int frames = code == 0 ? 1 : 2;
        if (code == 3) {
            if (len < 2) {
                throw new MalformedPacketException("Opus code 3 packet without its frame count byte");
            }
            frames = buf[off + 1] & 0x3F;
            if (frames == 0 || frames * frameDurationMicros(config) > MAX_PACKET_DURATION_MICROS) {
                throw new MalformedPacketException("Opus code 3 packet of " + frames + " frames is out of range");
            }
        }
        return new OpusPayload(config, (toc & 0x4) != 0, code, frames);
    }

    /** Duration of one frame of {@code config} in microseconds (RFC 6716 Table 2). */
    public static int frameDurationMicros(int config) {
        if (config < 0 || config > 31) {
            throw new IllegalArgumentException("Opus configuration " + config + " is outside 0..31");
        }
        if (config < 12) { // SILK: 10, 20, 40, 60 ms
            return SILK_FRAME_MICROS[config & 0x3];
        }
        if (config < 16) { // Hybrid: 10, 20 ms
            return (config & 0x1) == 0 ? 10_000 : 20_000;
        }
        return 2_500 << (config & 0x3); // CELT: 2.5, 5, 10, 20 ms
    }

    public Mode mode() {
        return config < 12 ? Mode.SILK : config < 16 ? Mode.HYBRID : Mode.CELT;
    }

    public Bandwidth bandwidth() {
        if (config < 12) {
            return Bandwidth.values()[config / 4];
        }
        if (config < 16) {
            return config < 14 ? Bandwidth.SUPER_WIDEBAND : Bandwidth.FULLBAND;
        }
        return switch ((config - 16) / 4) {
            case 0 -> Bandwidth.NARROWBAND;
            case 1 -> Bandwidth.WIDEBAND;
            case 2 -> Bandwidth.SUPER_WIDEBAND;
            default -> Bandwidth.FULLBAND;
        };
    }

    /** Duration of the whole packet in microseconds. */
    public int durationMicros() {
        return frameCount * frameDurationMicros(config);
    }
}
