package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.Objects;

/**
 * Steps through the packets of a compound RTCP datagram (RFC 3550 §6.1) without allocating: each
 * {@link #next()} validates one header and exposes its type and bounds, and {@link #parse()} turns
 * only the packets the caller wants into messages.
 *
 * <pre>{@code
 * reader.reset(buf, off, len);
 * while (reader.next()) {
 *     if (reader.packetType() == RtcpHeader.PSFB && reader.count() == PictureLossIndication.FMT) {
 *         onKeyframeRequest((PictureLossIndication) reader.parse());
 *     }
 * }
 * }</pre>
 *
 * <p>Reusable and confined to one thread.
 */
public final class RtcpCompoundReader {
    private byte[] buf = new byte[0];
    private int next;
    private int end;
    private int packetOffset;
    private int packetLength;
    private int bodyLength;

    /** Positions the reader before the first packet of {@code buf[off, off + len)}. */
    public RtcpCompoundReader reset(byte[] buffer, int off, int len) {
        Objects.checkFromIndexSize(off, len, buffer.length);
        this.buf = buffer;
        this.next = off;
        this.end = off + len;
        this.packetOffset = off;
        this.packetLength = 0;
        this.bodyLength = 0;
        return this;
    }

    /**
     * Moves to the next packet.
     *
     * @return false at the end of the datagram
     * @throws MalformedPacketException if fewer than 4 bytes remain, the version is not 2, the length
     *                                  field runs past the datagram, or the padding count is 0 or larger
     *                                  than the packet body (RFC 3550 §6.4.1)
     */
    public boolean next() throws MalformedPacketException {
        if (next >= end) {
            return false;
        }
        int p = next;
        next = end; // a malformed header ends the walk
        if (end - p < RtcpHeader.LENGTH) {
            throw new MalformedPacketException("RTCP header truncated to " + (end - p) + " bytes");
        }
        int first = buf[p] & 0xFF;
        if (first >>> 6 != 2) {
            throw new MalformedPacketException("RTCP version " + (first >>> 6) + " is not 2");
        }
        int length = 4 * (BigEndian.uint16(buf, p + 2) + 1);
        if (length > end - p) {
            throw new MalformedPacketException("RTCP length of " + length + " bytes runs past the datagram ("
                    + (end - p) + " left)");
        }
        int padding = 0;
        if ((first & 0x20) != 0) {
            padding = buf[p + length - 1] & 0xFF;
            if (padding == 0 || padding > length - RtcpHeader.LENGTH) {
                throw new MalformedPacketException("RTCP padding count " + padding + " is out of range");
            }
        }
        packetOffset = p;
        packetLength = length;
        bodyLength = length - RtcpHeader.LENGTH - padding;
        next = p + length;
        return true;
    }

    /** The PT field of the current packet. */
    public int packetType() {
        return buf[packetOffset + 1] & 0xFF;
    }

    /** The 5-bit count, FMT or subtype field of the current packet. */
    public int count() {
        return buf[packetOffset] & 0x1F;
    }

    /** Absolute offset of the current packet (its header) in the buffer. */
    public int packetOffset() {
        return packetOffset;
    }

    /** Length of the current packet, header and padding included. */
    public int packetLength() {
        return packetLength;
    }

    /** Absolute offset of the current packet's body, after the 4-byte header. */
    public int bodyOffset() {
        return packetOffset + RtcpHeader.LENGTH;
    }

    /** Length of the current packet's body, padding excluded. */
    public int bodyLength() {
        return bodyLength;
    }

    /**
     * The current packet as a message; a type or FMT this package does not interpret becomes an
     * {@link UnknownRtcpPacket}.
     *
     * @throws MalformedPacketException if the body does not hold what its header announces
     */
    public RtcpPacket parse() throws MalformedPacketException {
        return RtcpCompound.parseBody(packetType(), count(), buf, bodyOffset(), bodyLength);
    }
}
