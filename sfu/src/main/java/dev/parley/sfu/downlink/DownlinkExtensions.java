package dev.parley.sfu.downlink;

import dev.parley.media.rtp.RtpPacket;

/**
 * The RFC 8285 §4.2 one-byte-header extension block Parley puts on packets toward a subscriber: the
 * publisher's RFC 6464 audio level (where the subscriber's answer kept it) and a transport-wide sequence
 * number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2, where transport-cc was negotiated), the
 * latter filled in by the downlink at the moment of sending so it counts every packet on the transport.
 */
final class DownlinkExtensions {
    /** The largest block: 4-byte header, audio level (2) and transport-wide seq (3), padded to 8. */
    static final int MAX_BLOCK = 12;

    private DownlinkExtensions() {
    }

    /** The block's length for these elements (0 when there are none). */
    static int length(boolean audioLevel, boolean transportWide) {
        int data = (audioLevel ? 2 : 0) + (transportWide ? 3 : 0);
        return data == 0 ? 0 : 4 + ((data + 3) & ~3);
    }

    /**
     * Writes the block at {@code at} (right after a 12-byte header, whose X bit the caller sets).
     *
     * @param audioLevelId 1..14, or -1 for no audio-level element
     * @param audioLevel the RFC 6464 §3 byte
     * @param transportWideId 1..14, or -1 for no transport-wide element (its two data bytes are left 0)
     * @return the offset of the transport-wide sequence number's two bytes, or -1 when not written
     */
    static int write(byte[] out, int at, int audioLevelId, int audioLevel, int transportWideId) {
        boolean level = audioLevelId > 0;
        boolean tw = transportWideId > 0;
        int blockLen = length(level, tw);
        out[at] = (byte) (RtpPacket.ONE_BYTE_PROFILE >>> 8);
        out[at + 1] = (byte) RtpPacket.ONE_BYTE_PROFILE;
        out[at + 2] = 0;
        out[at + 3] = (byte) ((blockLen - 4) / 4); // RFC 8285 §4.2: length in 32-bit words
        int p = at + 4;
        if (level) {
            out[p++] = (byte) (audioLevelId << 4); // L = 0: one data byte
            out[p++] = (byte) audioLevel;
        }
        int seqAt = -1;
        if (tw) {
            out[p++] = (byte) (transportWideId << 4 | 1); // L = 1: two data bytes
            seqAt = p;
            out[p++] = 0;
            out[p++] = 0;
        }
        while (p < at + blockLen) {
            out[p++] = 0; // RFC 8285 §4.2: padding
        }
        return seqAt;
    }
}
