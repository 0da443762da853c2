package dev.parley.media.codec;

import dev.parley.media.MalformedPacketException;

import java.util.Objects;

/**
 * A mutable view over the VP8 payload descriptor (RFC 7741 §4.2) at the start of an RTP payload, for
 * forwarding decisions and the SFU's in-place rewrites of PictureID and TL0PICIDX.
 *
 * <pre>
 *      0 1 2 3 4 5 6 7
 *     |X|R|N|S|R| PID |  required
 * X:  |I|L|T|K| RSV   |
 * I:  |M| PictureID   |  7 bits, or 15 bits with M=1 and one more byte
 * L:  |   TL0PICIDX   |
 * T/K:|TID|Y| KEYIDX  |
 * </pre>
 *
 * <p>Absent optional fields read as -1. Reusable with {@link #wrap}; not thread-safe.
 */
public final class Vp8PayloadDescriptor {
    private static final byte[] EMPTY = new byte[0];

    private byte[] buf = EMPTY;
    private int off;
    private int len;
    private int descriptorLength;
    private int pictureIdOffset = -1;
    private int tl0PicIdxOffset = -1;
    private int tidKeyIdxOffset = -1;

    /** An empty view; {@link #wrap} it before use. */
    public Vp8PayloadDescriptor() {
    }

    /** Parses into a new view; see {@link #wrap}. */
    public static Vp8PayloadDescriptor parse(byte[] payload, int off, int len) throws MalformedPacketException {
        return new Vp8PayloadDescriptor().wrap(payload, off, len);
    }

    /**
     * Points this view at the RTP payload {@code buf[off, off + len)}.
     *
     * <p>Rejects, with {@link MalformedPacketException}: an empty payload, optional fields announced by
     * the X, I, M, L, T and K bits running past the end, and a descriptor with no VP8 data after it
     * (libwebrtc drops such packets too). Allocates nothing; on failure the view is left empty.
     *
     * @return this view
     */
    public Vp8PayloadDescriptor wrap(byte[] payload, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, payload.length);
        this.buf = EMPTY;
        this.len = 0;
        int n = measure(payload, off, len);
        if (n < 0) {
            throw new MalformedPacketException("VP8 payload descriptor runs past the payload (" + len + " bytes)");
        }
        if (n == len) {
            throw new MalformedPacketException("VP8 payload descriptor without VP8 data");
        }
        this.buf = payload;
        this.off = off;
        this.len = len;
        this.descriptorLength = n;
        int first = payload[off] & 0xFF;
        int x = (first & 0x80) != 0 ? payload[off + 1] & 0xFF : 0;
        int p = off + ((first & 0x80) != 0 ? 2 : 1);
        pictureIdOffset = -1;
        tl0PicIdxOffset = -1;
        tidKeyIdxOffset = -1;
        if ((x & 0x80) != 0) {
            pictureIdOffset = p;
            p += (payload[p] & 0x80) != 0 ? 2 : 1;
        }
        if ((x & 0x40) != 0) {
            tl0PicIdxOffset = p++;
        }
        if ((x & 0x30) != 0) {
            tidKeyIdxOffset = p;
        }
        return this;
    }

    /** Descriptor length, or -1 if it runs past {@code len}. */
    private static int measure(byte[] b, int off, int len) {
        if (len < 1) {
            return -1;
        }
        if ((b[off] & 0x80) == 0) {
            return 1;
        }
        if (len < 2) {
            return -1;
        }
        int x = b[off + 1] & 0xFF;
        int n = 2;
        if ((x & 0x80) != 0) { // I: PictureID, M selects 15 bits
            if (len < n + 1) {
                return -1;
            }
            n += (b[off + n] & 0x80) != 0 ? 2 : 1;
        }
        if ((x & 0x40) != 0) { // L: TL0PICIDX
            n++;
        }
        if ((x & 0x30) != 0) { // T or K: one shared byte
            n++;
        }
        return n <= len ? n : -1;
    }

    /**
     * True if {@code payload} starts a VP8 keyframe (RFC 7741 §4.3): S=1, PID=0 and the P bit of the
     * VP8 payload header 0. A payload that does not parse is not a keyframe. Allocation-free, no
     * exception.
     */
    public static boolean isKeyframe(byte[] payload, int off, int len) {
        int n = measure(payload, off, len);
        return n > 0 && n < len && (payload[off] & 0x17) == 0x10 && (payload[off + n] & 0x01) == 0;
    }

    /**
     * True if {@code payload} is the first packet of a VP8 frame (RFC 7741 §4.2: S=1, PID=0). A payload
     * that does not parse is not. Allocation-free, no exception.
     */
    public static boolean isStartOfFrame(byte[] payload, int off, int len) {
        int n = measure(payload, off, len);
        return n > 0 && n < len && (payload[off] & 0x17) == 0x10;
    }

    // ---- required byte ----

    /** X: the extension byte is present. */
    public boolean hasExtension() {
        return (buf[off] & 0x80) != 0;
    }

    /** N: the frame can be discarded without affecting any other frame. */
    public boolean isNonReference() {
        return (buf[off] & 0x20) != 0;
    }

    /** S: the first packet of a VP8 partition. */
    public boolean isStartOfPartition() {
        return (buf[off] & 0x10) != 0;
    }

    /** PID: the partition index, 0..7. */
    public int partitionIndex() {
        return buf[off] & 0x07;
    }

    /** S=1 and PID=0: the first packet of a frame. */
    public boolean isStartOfFrame() {
        return (buf[off] & 0x17) == 0x10;
    }

    /** The first packet of a keyframe (RFC 7741 §4.3): start of frame and P=0 in the VP8 payload header. */
    public boolean isKeyframe() {
        return isStartOfFrame() && (buf[off + descriptorLength] & 0x01) == 0;
    }

    // ---- optional fields ----

    public boolean hasPictureId() {
        return pictureIdOffset >= 0;
    }

    /** True for a 15-bit PictureID (M=1). */
    public boolean hasLongPictureId() {
        return pictureIdOffset >= 0 && (buf[pictureIdOffset] & 0x80) != 0;
    }

    /** The 7- or 15-bit PictureID, or -1. */
    public int pictureId() {
        if (pictureIdOffset < 0) {
            return -1;
        }
        int first = buf[pictureIdOffset] & 0xFF;
        return (first & 0x80) != 0 ? (first & 0x7F) << 8 | (buf[pictureIdOffset + 1] & 0xFF) : first;
    }

    public boolean hasTl0PicIdx() {
        return tl0PicIdxOffset >= 0;
    }

    /** TL0PICIDX, the running index of temporal base layer frames, or -1. */
    public int tl0PicIdx() {
        return tl0PicIdxOffset < 0 ? -1 : buf[tl0PicIdxOffset] & 0xFF;
    }

    private int extensionBits() {
        return hasExtension() ? buf[off + 1] & 0xFF : 0;
    }

    /** TID, the temporal layer index, or -1 when T=0. */
    public int temporalLayerId() {
        return (extensionBits() & 0x20) == 0 ? -1 : (buf[tidKeyIdxOffset] & 0xFF) >>> 6;
    }

    /** Y: layer sync, meaningful only with a TID; false when T=0. */
    public boolean layerSync() {
        return (extensionBits() & 0x20) != 0 && (buf[tidKeyIdxOffset] & 0x20) != 0;
    }

    /** KEYIDX, the temporal key frame index, or -1 when K=0. */
    public int keyIdx() {
        return (extensionBits() & 0x10) == 0 ? -1 : buf[tidKeyIdxOffset] & 0x1F;
    }

    /** Descriptor length in bytes. */
    public int length() {
        return descriptorLength;
    }

    /** Absolute offset of the VP8 data (payload header or partition data) after the descriptor. */
    public int vp8DataOffset() {
        return off + descriptorLength;
    }

    /** Length of the VP8 data after the descriptor, at least 1. */
    public int vp8DataLength() {
        return len - descriptorLength;
    }

    // ---- in-place rewrites ----

    /**
     * Overwrites the PictureID in its present width (7 or 15 bits), keeping the M bit.
     *
     * @return false if the descriptor has no PictureID
     */
    public boolean setPictureId(int pictureId) {
        if (pictureIdOffset < 0) {
            return false;
        }
        if (hasLongPictureId()) {
            buf[pictureIdOffset] = (byte) (0x80 | ((pictureId >>> 8) & 0x7F));
            buf[pictureIdOffset + 1] = (byte) pictureId;
        } else {
            buf[pictureIdOffset] = (byte) (pictureId & 0x7F);
        }
        return true;
    }

    /**
     * Overwrites TL0PICIDX with the low 8 bits of {@code tl0PicIdx}.
     *
     * @return false if the descriptor has no TL0PICIDX
     */
    public boolean setTl0PicIdx(int tl0PicIdx) {
        if (tl0PicIdxOffset < 0) {
            return false;
        }
        buf[tl0PicIdxOffset] = (byte) tl0PicIdx;
        return true;
    }

    @Override
    public String toString() {
        if (len == 0) {
            return "Vp8PayloadDescriptor[empty]";
        }
        return "Vp8PayloadDescriptor[S=" + isStartOfPartition() + " PID=" + partitionIndex() + " N=" + isNonReference()
                + " pictureId=" + pictureId() + " tl0=" + tl0PicIdx() + " tid=" + temporalLayerId()
                + " key=" + isKeyframe() + "]";
    }
}
