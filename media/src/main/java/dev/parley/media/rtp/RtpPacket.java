package dev.parley.media.rtp;

import dev.parley.media.MalformedPacketException;

import java.util.Objects;

/**
 * A mutable view over one RTP packet (RFC 3550 §5.1) held in {@code buffer[offset, offset + length)}.
 * Nothing is copied: getters read the buffer, setters write it in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers             | x CC
 * |  defined by profile           |           length              | if X (RFC 8285)
 * |                        header extension                       |
 * |                            payload ...                        |
 * |                               |  padding ...  | padding count | if P
 * </pre>
 *
 * <p><b>Headroom.</b> The buffer may extend past {@code offset + length}; the view never reads or writes
 * there. That tail ({@link #tailroom()}) is where SRTP appends its authentication tag (RFC 3711 §3.1)
 * without a copy, so receive buffers should be allocated with room to spare.
 *
 * <p><b>Reuse.</b> One instance can be re-pointed at packet after packet with {@link #wrap}, so the
 * per-packet path allocates nothing. An instance is not thread-safe. Unsigned 32-bit fields
 * (timestamp, SSRC, CSRC) are returned as {@code long} in {@code [0, 2^32)}.
 */
public final class RtpPacket {
    /** RFC 8285 §4.2: profile of the one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3: profile of the two-byte header form, the low 4 bits being "appbits". */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** Fixed header length in bytes (RFC 3550 §5.1). */
    public static final int FIXED_HEADER_LENGTH = 12;

    private static final byte[] EMPTY = new byte[0];

    private byte[] buf = EMPTY;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;
    private int extensionProfile = -1;
    private int extensionStart;
    private int extensionEnd;
    private final HeaderExtensionCursor scan = new HeaderExtensionCursor();
    private final HeaderExtensionCursor userCursor = new HeaderExtensionCursor();

    /** An empty view; {@link #wrap} it before use. */
    public RtpPacket() {
    }

    /**
     * Parses a packet into a new view. Convenience for code off the hot path; see {@link #wrap}.
     *
     * @throws MalformedPacketException under the conditions listed for {@link #wrap}
     */
    public static RtpPacket parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return new RtpPacket().wrap(buf, off, len);
    }

    /**
     * Points this view at {@code buf[off, off + len)} after validating the header.
     *
     * <p>Rejects, with {@link MalformedPacketException}: fewer than 12 bytes; a version other than 2;
     * CSRCs, the extension header or the extension block running past {@code len}; an RFC 8285
     * element running past its block; a padding count of 0 or larger than what follows the header
     * (RFC 3550 §5.1). Every length is checked against the bytes present before use; nothing is
     * allocated. On failure the view is left empty.
     *
     * @return this view
     * @throws IndexOutOfBoundsException if {@code [off, off + len)} is not inside {@code buf} (a caller bug)
     */
    public RtpPacket wrap(byte[] buf, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, buf.length);
        clear();
        if (len < FIXED_HEADER_LENGTH) {
            throw new MalformedPacketException("RTP packet of " + len + " bytes is shorter than its fixed header");
        }
        int first = buf[off] & 0xFF;
        if (first >>> 6 != 2) {
            throw new MalformedPacketException("RTP version " + (first >>> 6) + " is not 2");
        }
        int header = FIXED_HEADER_LENGTH + 4 * (first & 0x0F);
        if (header > len) {
            throw new MalformedPacketException("RTP CSRC list runs past the packet end");
        }
        int profile = -1;
        int extStart = 0;
        int extEnd = 0;
        if ((first & 0x10) != 0) {
            if (header + 4 > len) {
                throw new MalformedPacketException("RTP header extension header runs past the packet end");
            }
            profile = BigEndian.uint16(buf, off + header);
            int blockLength = 4 * BigEndian.uint16(buf, off + header + 2);
            extStart = off + header + 4;
            header += 4 + blockLength;
            if (header > len) {
                throw new MalformedPacketException("RTP header extension of " + blockLength
                        + " bytes runs past the packet end");
            }
            extEnd = off + header;
            validateExtensionElements(buf, profile, extStart, extEnd);
        }
        int padding = 0;
        if ((first & 0x20) != 0) {
            if (header == len) {
                throw new MalformedPacketException("RTP padding bit set but no padding count byte");
            }
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || padding > len - header) {
                throw new MalformedPacketException("RTP padding count " + padding + " is out of range");
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = header;
        this.paddingLength = padding;
        this.extensionProfile = profile;
        this.extensionStart = extStart;
        this.extensionEnd = extEnd;
        return this;
    }

    private void validateExtensionElements(byte[] buffer, int profile, int start, int end)
            throws MalformedPacketException {
        if (!isRfc8285(profile)) {
            return;
        }
        scan.reset(buffer, start, end, profile != ONE_BYTE_PROFILE);
        while (scan.next()) {
            // walking is the check
        }
        if (scan.malformed()) {
            throw new MalformedPacketException("RTP header extension element runs past its block");
        }
    }

    private void clear() {
        buf = EMPTY;
        off = 0;
        len = 0;
        headerLength = 0;
        paddingLength = 0;
        extensionProfile = -1;
        extensionStart = 0;
        extensionEnd = 0;
    }

    private static boolean isRfc8285(int profile) {
        return profile == ONE_BYTE_PROFILE || (profile & 0xFFF0) == TWO_BYTE_PROFILE;
    }

    // ---- the view ----

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    /** Length of the RTP packet, header to last padding byte. */
    public int length() {
        return len;
    }

    /** Bytes of the buffer after the packet, free for an SRTP tag. */
    public int tailroom() {
        return buf.length - off - len;
    }

    // ---- fixed header, RFC 3550 §5.1 ----

    public int version() {
        return (buf[off] & 0xFF) >>> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return BigEndian.uint16(buf, off + 2);
    }

    public long timestamp() {
        return BigEndian.uint32(buf, off + 4);
    }

    public long ssrc() {
        return BigEndian.uint32(buf, off + 8);
    }

    /** The {@code index}-th contributing source. */
    public long csrc(int index) {
        Objects.checkIndex(index, csrcCount());
        return BigEndian.uint32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    /** Fixed header, CSRCs and extension block, in bytes. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload length in bytes, padding excluded. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** Padding bytes at the end, the count byte included; 0 without the P bit. */
    public int paddingLength() {
        return paddingLength;
    }

    // ---- in-place rewrites (the SFU's per-subscriber rewriting) ----

    /** @throws IllegalArgumentException if {@code payloadType} is outside 0..127 */
    public void setPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is outside 0..127");
        }
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | payloadType);
    }

    /** Writes the low 16 bits, so {@code seq + offset} may be passed without masking. */
    public void setSequenceNumber(int sequenceNumber) {
        BigEndian.putUint16(buf, off + 2, sequenceNumber);
    }

    /** Writes the low 32 bits, so {@code ts + offset} may be passed without masking. */
    public void setTimestamp(long timestamp) {
        BigEndian.putUint32(buf, off + 4, timestamp);
    }

    /** Writes the low 32 bits. */
    public void setSsrc(long ssrc) {
        BigEndian.putUint32(buf, off + 8, ssrc);
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    // ---- header extensions, RFC 8285 ----

    /** The 16-bit "defined by profile" field, or -1 without an extension. */
    public int extensionProfile() {
        return extensionProfile;
    }

    public boolean hasOneByteExtensions() {
        return extensionProfile == ONE_BYTE_PROFILE;
    }

    public boolean hasTwoByteExtensions() {
        return extensionProfile != -1 && (extensionProfile & 0xFFF0) == TWO_BYTE_PROFILE;
    }

    /** Absolute offset of the extension block's data (after its 4-byte header); 0 without one. */
    public int extensionDataOffset() {
        return extensionStart;
    }

    /** Length of the extension block's data in bytes; 0 without one. */
    public int extensionDataLength() {
        return extensionEnd - extensionStart;
    }

    /**
     * Finds the first RFC 8285 element with {@code id}, without allocating.
     *
     * @return the absolute offset of its value in {@link #buffer()}, or -1 if absent
     */
    public int findExtension(int id) {
        extensions(scan);
        while (scan.next()) {
            if (scan.id() == id) {
                return scan.valueOffset();
            }
        }
        return -1;
    }

    /**
     * Length of the element value at {@code valueOffset}, an offset {@link #findExtension} returned:
     * read from the element header just before the value (RFC 8285 §4.2, §4.3).
     */
    public int extensionValueLength(int valueOffset) {
        if (hasOneByteExtensions()) {
            return (buf[valueOffset - 1] & 0x0F) + 1;
        }
        return buf[valueOffset - 1] & 0xFF;
    }

    /**
     * Overwrites the value of element {@code id} in place if its length is exactly {@code length}
     * (e.g. a new transport-wide sequence number); the packet's size never changes.
     *
     * @return false if there is no such element or its length differs
     */
    public boolean replaceExtension(int id, byte[] value, int valueOff, int length) {
        int at = findExtension(id);
        if (at < 0 || extensionValueLength(at) != length) {
            return false;
        }
        System.arraycopy(value, valueOff, buf, at, length);
        return true;
    }

    /** The packet's own cursor, reset to the first element; shared by successive calls. */
    public HeaderExtensionCursor extensions() {
        return extensions(userCursor);
    }

    /** Resets {@code cursor} to the first element of this packet's extension block. */
    public HeaderExtensionCursor extensions(HeaderExtensionCursor cursor) {
        if (isRfc8285(extensionProfile)) {
            cursor.reset(buf, extensionStart, extensionEnd, extensionProfile != ONE_BYTE_PROFILE);
        } else {
            cursor.reset(buf, 0, 0, false);
        }
        return cursor;
    }

    @Override
    public String toString() {
        if (len == 0) {
            return "RtpPacket[empty]";
        }
        return "RtpPacket[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp()
                + " ssrc=" + ssrc() + " m=" + marker() + " len=" + len + " payload=" + payloadLength() + "]";
    }
}
