package dev.parley.media.rtp;

/**
 * The transport-wide sequence number extension (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §2): a 16-bit counter over every packet of a transport, the key of transport-cc feedback. The SFU
 * rewrites it in place per outgoing transport. The id is negotiated in SDP.
 */
public final class TransportWideSequenceNumber {
    /** The extmap URI (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). */
    public static final String URI =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** Length of the value in bytes. */
    public static final int LENGTH = 2;

    private TransportWideSequenceNumber() {
    }

    /** The sequence number in element {@code id}, or -1 if absent or shorter than 2 bytes. */
    public static int read(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionValueLength(at) < LENGTH) {
            return -1;
        }
        return BigEndian.uint16(packet.buffer(), at);
    }

    /**
     * Overwrites element {@code id} in place with the low 16 bits of {@code sequenceNumber}.
     *
     * @return false if the element is absent or shorter than 2 bytes
     */
    public static boolean write(RtpPacket packet, int id, int sequenceNumber) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionValueLength(at) < LENGTH) {
            return false;
        }
        BigEndian.putUint16(packet.buffer(), at, sequenceNumber);
        return true;
    }

    /** The 2-byte value for {@link RtpPacketBuilder#extension}. */
    public static byte[] encode(int sequenceNumber) {
        return new byte[] {(byte) (sequenceNumber >>> 8), (byte) sequenceNumber};
    }
}
