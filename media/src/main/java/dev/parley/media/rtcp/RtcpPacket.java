package dev.parley.media.rtcp;

/**
 * One RTCP packet of a compound datagram (RFC 3550 §6). Implementations are immutable values;
 * {@link RtcpCompound} parses them and writes them back.
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye,
        TransportLayerNack, TransportLayerCc, PictureLossIndication, FullIntraRequest,
        ReceiverEstimatedMaxBitrate, UnknownRtcpPacket {

    /** The packet type (PT) field, e.g. {@link RtcpHeader#SR}. */
    int packetType();

    /** Bytes this packet occupies when written, header and padding included (a multiple of 4). */
    int length();

    /**
     * Writes the packet at {@code buf[off]}.
     *
     * @return the number of bytes written, equal to {@link #length()}
     * @throws IndexOutOfBoundsException if fewer than {@link #length()} bytes are available
     */
    int write(byte[] buf, int off);

    /** The packet in a new array of {@link #length()} bytes. */
    default byte[] toBytes() {
        byte[] out = new byte[length()];
        write(out, 0);
        return out;
    }
}
