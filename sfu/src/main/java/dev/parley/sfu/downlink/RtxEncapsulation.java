package dev.parley.sfu.downlink;

import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.RtpPacket;

/**
 * Writes RFC 4588 retransmission packets from stored, normalised packets (see {@link RetransmissionBuffer}):
 * the RTX stream has its own SSRC, payload type and sequence numbers, the original timestamp and marker,
 * and the original sequence number (OSN) in the first two payload bytes (RFC 4588 §4). Toward a receiver
 * that negotiated RTX this keeps retransmissions out of the media stream's statistics and jitter buffer.
 */
final class RtxEncapsulation {
    /** Bytes RTX adds to a packet: the OSN. */
    static final int OVERHEAD = 2;
    /** Where the transport-wide sequence number goes when the packet has one (header, block header, id). */
    static final int TRANSPORT_WIDE_SEQ_AT = RtpPacket.FIXED_HEADER_LENGTH + 5;

    private RtxEncapsulation() {
    }

    /**
     * Writes one RTX packet into {@code out} at 0.
     *
     * @param stored a normalised packet: 12-byte header (V=2, no CSRC, no extension), then the payload
     * @param len its length
     * @param out room for {@code len + OVERHEAD} bytes (plus whatever the SRTP tag needs after)
     * @param osn the original sequence number as the receiver knows it (after rewriting)
     * @param timestamp the original timestamp as the receiver knows it
     * @return the RTX packet's length
     */
    static int write(byte[] stored, int len, byte[] out, int rtxPayloadType, int rtxSeq, long timestamp,
                     long rtxSsrc, int osn) {
        return write(stored, len, out, rtxPayloadType, rtxSeq, timestamp, rtxSsrc, osn, -1);
    }

    /**
     * As {@link #write(byte[], int, byte[], int, int, long, long, int)}, with a transport-wide sequence number
     * element (id {@code transportWideId}, 1..14, or -1 for none) in a one-byte-header block whose two data
     * bytes start at {@link #TRANSPORT_WIDE_SEQ_AT}, for the sender to fill in.
     */
    static int write(byte[] stored, int len, byte[] out, int rtxPayloadType, int rtxSeq, long timestamp,
                     long rtxSsrc, int osn, int transportWideId) {
        int header = RtpPacket.FIXED_HEADER_LENGTH;
        int ext = DownlinkExtensions.length(false, transportWideId > 0);
        System.arraycopy(stored, header, out, header + ext + OVERHEAD, len - header);
        out[0] = (byte) (ext > 0 ? 0x90 : 0x80);
        out[1] = (byte) ((stored[1] & 0x80) | (rtxPayloadType & 0x7F)); // the marker bit is kept
        BigEndian.putUint16(out, 2, rtxSeq);
        BigEndian.putUint32(out, 4, timestamp);
        BigEndian.putUint32(out, 8, rtxSsrc);
        if (ext > 0) {
            DownlinkExtensions.write(out, header, -1, 0, transportWideId);
        }
        out[header + ext] = (byte) (osn >>> 8);
        out[header + ext + 1] = (byte) osn;
        return len + ext + OVERHEAD;
    }

    /**
     * Writes a padding-only RTX packet (RFC 3550 §5.1 padding on the RTX stream, no OSN: it repairs nothing),
     * as senders probe for bandwidth; with a transport-wide sequence number element when
     * {@code transportWideId} is 1..14 (its bytes at {@link #TRANSPORT_WIDE_SEQ_AT}, for the sender).
     *
     * @param padding 1..255 bytes, the last of which counts them
     * @return the packet's length
     */
    static int writePadding(byte[] out, int rtxPayloadType, int rtxSeq, long timestamp, long rtxSsrc, int padding,
                            int transportWideId) {
        int h = RtpPacket.FIXED_HEADER_LENGTH;
        int ext = DownlinkExtensions.length(false, transportWideId > 0);
        out[0] = (byte) (0x80 | 0x20 | (ext > 0 ? 0x10 : 0)); // V=2, P, X
        out[1] = (byte) (rtxPayloadType & 0x7F);
        BigEndian.putUint16(out, 2, rtxSeq);
        BigEndian.putUint32(out, 4, timestamp);
        BigEndian.putUint32(out, 8, rtxSsrc);
        if (ext > 0) {
            DownlinkExtensions.write(out, h, -1, 0, transportWideId);
        }
        int end = h + ext + padding;
        java.util.Arrays.fill(out, h + ext, end - 1, (byte) 0);
        out[end - 1] = (byte) padding; // RFC 3550 §5.1: the last octet counts the padding, itself included
        return end;
    }
}
