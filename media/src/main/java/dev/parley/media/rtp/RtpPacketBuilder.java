package dev.parley.media.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes RTP packets (RFC 3550 §5.1) with RFC 8285 header extensions; used by tests and the client,
 * not on the forwarding path (which rewrites received packets in place through {@link RtpPacket}).
 *
 * <p>Extensions use the one-byte form when every element fits it (id 1..14, 1..16 bytes) and the
 * two-byte form otherwise, unless a form is forced. A builder is mutable and reusable; values are
 * copied in, so later changes to caller arrays do not leak into packets.
 */
public final class RtpPacketBuilder {
    private enum ExtensionForm { AUTO, ONE_BYTE, TWO_BYTE, RAW }

    private record Element(int id, byte[] value) {
    }

    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private long[] csrcs = new long[0];
    private final List<Element> elements = new ArrayList<>();
    private ExtensionForm form = ExtensionForm.AUTO;
    private int appBits;
    private int rawProfile;
    private byte[] rawExtension = new byte[0];
    private byte[] payload = new byte[0];
    private int paddingLength;

    /**
     * A builder holding every field of {@code packet}: its elements in order and its extension form
     * (a block of another profile is kept verbatim), payload and padding length.
     */
    public static RtpPacketBuilder from(RtpPacket packet) {
        RtpPacketBuilder b = new RtpPacketBuilder()
                .marker(packet.marker())
                .payloadType(packet.payloadType())
                .sequenceNumber(packet.sequenceNumber())
                .timestamp(packet.timestamp())
                .ssrc(packet.ssrc())
                .payload(packet.buffer(), packet.payloadOffset(), packet.payloadLength())
                .padding(packet.paddingLength());
        long[] c = new long[packet.csrcCount()];
        for (int i = 0; i < c.length; i++) {
            c[i] = packet.csrc(i);
        }
        b.csrcs(c);
        if (packet.hasOneByteExtensions()) {
            b.oneByteExtensions();
        } else if (packet.hasTwoByteExtensions()) {
            b.twoByteExtensions(packet.extensionProfile() & 0x0F);
        } else if (packet.hasExtension()) {
            b.rawExtension(packet.extensionProfile(), Arrays.copyOfRange(packet.buffer(),
                    packet.extensionDataOffset(), packet.extensionDataOffset() + packet.extensionDataLength()));
        }
        HeaderExtensionCursor c2 = packet.extensions(new HeaderExtensionCursor());
        while (c2.next()) {
            b.extension(c2.id(), Arrays.copyOfRange(packet.buffer(), c2.valueOffset(),
                    c2.valueOffset() + c2.valueLength()));
        }
        return b;
    }

    public RtpPacketBuilder marker(boolean value) {
        this.marker = value;
        return this;
    }

    public RtpPacketBuilder payloadType(int value) {
        this.payloadType = checkRange("payload type", value, 0, 127);
        return this;
    }

    public RtpPacketBuilder sequenceNumber(int value) {
        this.sequenceNumber = checkRange("sequence number", value, 0, 0xFFFF);
        return this;
    }

    public RtpPacketBuilder timestamp(long value) {
        this.timestamp = checkUnsigned32("timestamp", value);
        return this;
    }

    public RtpPacketBuilder ssrc(long value) {
        this.ssrc = checkUnsigned32("SSRC", value);
        return this;
    }

    /** At most 15 (RFC 3550 §5.1: CC is 4 bits). */
    public RtpPacketBuilder csrcs(long... values) {
        checkRange("CSRC count", values.length, 0, 15);
        for (long v : values) {
            checkUnsigned32("CSRC", v);
        }
        this.csrcs = values.clone();
        return this;
    }

    /**
     * Appends an RFC 8285 element. {@code id} is 1..255 and the value 0..255 bytes; the one-byte form
     * further needs id 1..14 and 1..16 bytes, checked when the packet is written.
     */
    public RtpPacketBuilder extension(int id, byte[] value) {
        checkRange("extension id", id, 1, 255);
        checkRange("extension length", value.length, 0, 255);
        if (form == ExtensionForm.RAW) {
            throw new IllegalStateException("a raw extension block excludes RFC 8285 elements");
        }
        elements.add(new Element(id, value.clone()));
        return this;
    }

    /** Forces the one-byte form (RFC 8285 §4.2), even with no element. */
    public RtpPacketBuilder oneByteExtensions() {
        this.form = ExtensionForm.ONE_BYTE;
        return this;
    }

    /** Forces the two-byte form (RFC 8285 §4.3) with the given 4 "appbits", even with no element. */
    public RtpPacketBuilder twoByteExtensions(int appBitsValue) {
        this.appBits = checkRange("appbits", appBitsValue, 0, 15);
        this.form = ExtensionForm.TWO_BYTE;
        return this;
    }

    /** An extension block of another profile (RFC 3550 §5.3.1), data padded to 32 bits with zeros. */
    public RtpPacketBuilder rawExtension(int profile, byte[] data) {
        checkRange("extension profile", profile, 0, 0xFFFF);
        if (!elements.isEmpty()) {
            throw new IllegalStateException("RFC 8285 elements exclude a raw extension block");
        }
        this.form = ExtensionForm.RAW;
        this.rawProfile = profile;
        this.rawExtension = data.clone();
        return this;
    }

    public RtpPacketBuilder payload(byte[] value) {
        return payload(value, 0, value.length);
    }

    public RtpPacketBuilder payload(byte[] value, int off, int len) {
        Objects.checkFromIndexSize(off, len, value.length);
        this.payload = Arrays.copyOfRange(value, off, off + len);
        return this;
    }

    /** Padding bytes to append, count byte included (RFC 3550 §5.1); 0 for none. */
    public RtpPacketBuilder padding(int length) {
        this.paddingLength = checkRange("padding length", length, 0, 255);
        return this;
    }

    private ExtensionForm effectiveForm() {
        if (form != ExtensionForm.AUTO) {
            return form;
        }
        if (elements.isEmpty()) {
            return ExtensionForm.AUTO;
        }
        for (Element e : elements) {
            if (!fitsOneByte(e)) {
                return ExtensionForm.TWO_BYTE;
            }
        }
        return ExtensionForm.ONE_BYTE;
    }

    private static boolean fitsOneByte(Element e) {
        return e.id() <= 14 && e.value().length >= 1 && e.value().length <= 16;
    }

    /** Extension data length in bytes before 32-bit padding; -1 when there is no block. */
    private int extensionDataLength(ExtensionForm f) {
        switch (f) {
            case AUTO:
                return -1;
            case RAW:
                return rawExtension.length;
            default:
                int n = 0;
                for (Element e : elements) {
                    if (f == ExtensionForm.ONE_BYTE && !fitsOneByte(e)) {
                        throw new IllegalStateException("extension " + e.id() + " of " + e.value().length
                                + " bytes does not fit the one-byte form");
                    }
                    n += (f == ExtensionForm.ONE_BYTE ? 1 : 2) + e.value().length;
                }
                return n;
        }
    }

    /** Length of the packet in bytes. */
    public int length() {
        int ext = extensionDataLength(effectiveForm());
        int header = RtpPacket.FIXED_HEADER_LENGTH + 4 * csrcs.length + (ext < 0 ? 0 : 4 + pad4(ext));
        return header + payload.length + paddingLength;
    }

    /**
     * Writes the packet at {@code buf[off]}.
     *
     * @return the number of bytes written, {@link #length()}
     * @throws IndexOutOfBoundsException if the buffer is too small
     * @throws IllegalStateException if the extension block exceeds its 16-bit word count
     */
    public int write(byte[] buf, int off) {
        ExtensionForm f = effectiveForm();
        int ext = extensionDataLength(f);
        int total = length();
        Objects.checkFromIndexSize(off, total, buf.length);
        if (ext >= 0 && pad4(ext) / 4 > 0xFFFF) {
            throw new IllegalStateException("extension block of " + ext + " bytes is too long");
        }
        buf[off] = (byte) (0x80 | (paddingLength > 0 ? 0x20 : 0) | (ext >= 0 ? 0x10 : 0) | csrcs.length);
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        BigEndian.putUint16(buf, off + 2, sequenceNumber);
        BigEndian.putUint32(buf, off + 4, timestamp);
        BigEndian.putUint32(buf, off + 8, ssrc);
        int p = off + RtpPacket.FIXED_HEADER_LENGTH;
        for (long c : csrcs) {
            BigEndian.putUint32(buf, p, c);
            p += 4;
        }
        if (ext >= 0) {
            p = writeExtension(f, ext, buf, p);
        }
        System.arraycopy(payload, 0, buf, p, payload.length);
        p += payload.length;
        if (paddingLength > 0) {
            Arrays.fill(buf, p, p + paddingLength - 1, (byte) 0);
            p += paddingLength;
            buf[p - 1] = (byte) paddingLength;
        }
        return p - off;
    }

    private int writeExtension(ExtensionForm f, int dataLength, byte[] buf, int p) {
        int profile = switch (f) {
            case ONE_BYTE -> RtpPacket.ONE_BYTE_PROFILE;
            case TWO_BYTE -> RtpPacket.TWO_BYTE_PROFILE | appBits;
            default -> rawProfile;
        };
        BigEndian.putUint16(buf, p, profile);
        BigEndian.putUint16(buf, p + 2, pad4(dataLength) / 4);
        p += 4;
        int start = p;
        if (f == ExtensionForm.RAW) {
            System.arraycopy(rawExtension, 0, buf, p, rawExtension.length);
            p += rawExtension.length;
        } else {
            for (Element e : elements) {
                if (f == ExtensionForm.ONE_BYTE) {
                    buf[p++] = (byte) (e.id() << 4 | (e.value().length - 1));
                } else {
                    buf[p++] = (byte) e.id();
                    buf[p++] = (byte) e.value().length;
                }
                System.arraycopy(e.value(), 0, buf, p, e.value().length);
                p += e.value().length;
            }
        }
        int end = start + pad4(dataLength);
        Arrays.fill(buf, p, end, (byte) 0); // RFC 8285 §4.1: padding bytes are zero
        return end;
    }

    /** Writes the packet into a new array of exactly {@link #length()} bytes. */
    public byte[] build() {
        byte[] out = new byte[length()];
        write(out, 0);
        return out;
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }

    private static int checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private static long checkUnsigned32(String what, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + value + " is not an unsigned 32-bit value");
        }
        return value;
    }
}
