package dev.parley.media.srtp;

import java.nio.ByteBuffer;

/** Plain RTP and RTCP packets for tests. */
final class RtpPackets {
    private RtpPackets() {
    }

    /**
     * A version 2 RTP packet, marker set, payload type 111, with {@code csrcs} CSRCs, optionally a
     * one-byte-header extension of two words (RFC 8285), and a patterned payload.
     */
    static byte[] build(int seq, int ssrc, int csrcs, boolean extension, int payloadLength) {
        int headerLength = 12 + 4 * csrcs + (extension ? 12 : 0);
        ByteBuffer packet = ByteBuffer.allocate(headerLength + payloadLength);
        packet.put((byte) (0x80 | (extension ? 0x10 : 0) | csrcs));
        packet.put((byte) (0x80 | 111));
        packet.putShort((short) seq);
        packet.putInt(0x1000_0000 + seq * 960);
        packet.putInt(ssrc);
        for (int i = 0; i < csrcs; i++) {
            packet.putInt(0xC5C0_0000 + i);
        }
        if (extension) {
            packet.putShort((short) 0xBEDE).putShort((short) 2);
            packet.put(new byte[] {0x10, (byte) 0xAA, 0x21, 0x01, 0x02, 0x00, 0x00, 0x00});
        }
        for (int i = 0; i < payloadLength; i++) {
            packet.put((byte) (i * 31 + seq));
        }
        return packet.array();
    }

    /** An RTCP receiver report from {@code ssrc} with one report block, or any {@code length} >= 8. */
    static byte[] rtcp(int ssrc, int length) {
        ByteBuffer packet = ByteBuffer.allocate(length);
        packet.put((byte) 0x81).put((byte) 201).putShort((short) (length / 4 - 1)).putInt(ssrc);
        for (int i = 8; i < length; i++) {
            packet.put((byte) (i * 7));
        }
        return packet.array();
    }
}
