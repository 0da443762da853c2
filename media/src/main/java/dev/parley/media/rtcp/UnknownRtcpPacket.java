package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An RTCP packet this package does not interpret (APP, XR, feedback of an unknown FMT, ...), kept
 * so that a compound parses instead of failing (RFC 3550 §6.1: unknown types are ignored) and can be
 * written back.
 *
 * @param packetType the PT field, 0..255
 * @param count      the 5-bit count/FMT/subtype field
 * @param body       the bytes after the 4-byte header, padding removed; copied in and out
 */
public record UnknownRtcpPacket(int packetType, int count, byte[] body) implements RtcpPacket {
    public UnknownRtcpPacket {
        RtcpHeader.checkRange("packet type", packetType, 0, 255);
        RtcpHeader.checkRange("count", count, 0, 31);
        body = body.clone();
        RtcpHeader.checkLength(RtcpHeader.LENGTH + ((body.length + 3) & ~3));
    }

    /**
     * Parses one RTCP packet occupying exactly {@code buf[off, off + len)} of a type this package does
     * not interpret.
     *
     * @throws MalformedPacketException if the header is malformed or the type is a known one
     */
    public static UnknownRtcpPacket parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, UnknownRtcpPacket.class);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public int length() {
        return RtcpHeader.LENGTH + ((body.length + 3) & ~3);
    }

    /** Writes the body back, padded to 32 bits with RFC 3550 §6.4.1 padding if it is not aligned. */
    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        int padding = n - RtcpHeader.LENGTH - body.length;
        RtcpHeader.write(buf, off, padding > 0, count, packetType, n);
        System.arraycopy(body, 0, buf, off + RtcpHeader.LENGTH, body.length);
        if (padding > 0) {
            Arrays.fill(buf, off + n - padding, off + n - 1, (byte) 0);
            buf[off + n - 1] = (byte) padding;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRtcpPacket other && packetType == other.packetType && count == other.count
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return (31 * packetType + count) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownRtcpPacket[pt=" + packetType + ", count=" + count + ", body="
                + HexFormat.of().formatHex(body) + "]";
    }
}
