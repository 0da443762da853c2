package dev.parley.media.codec;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.Objects;

/**
 * A view over an H.264 RTP payload (RFC 6184) for forwarding decisions: which NAL units it carries,
 * whether it belongs to a keyframe and whether it starts a frame. Packetization mode 1 is covered
 * (single NAL unit §5.6, STAP-A §5.7.1, FU-A §5.8), which is what browsers use; the interleaved-mode
 * types (STAP-B, MTAP, FU-B) are recognised but not looked into.
 *
 * <p>Reusable with {@link #wrap}; not thread-safe.
 */
public final class H264Payload {
    /** Coded slice of a non-IDR picture (H.264 Table 7-1). */
    public static final int NON_IDR_SLICE = 1;
    /** Coded slice of an IDR picture. */
    public static final int IDR_SLICE = 5;
    /** Supplemental enhancement information. */
    public static final int SEI = 6;
    /** Sequence parameter set. */
    public static final int SPS = 7;
    /** Picture parameter set. */
    public static final int PPS = 8;
    /** Access unit delimiter. */
    public static final int AUD = 9;
    /** Single-time aggregation packet, RFC 6184 §5.7.1. */
    public static final int STAP_A = 24;
    /** Fragmentation unit, RFC 6184 §5.8. */
    public static final int FU_A = 28;

    /** Receives the NAL units of a payload. */
    @FunctionalInterface
    public interface NalUnitVisitor {
        /**
         * @param type   the NAL unit type (for an FU-A fragment, the type of the fragmented unit)
         * @param offset absolute offset of the unit's first byte after its NAL header (for an FU-A,
         *               after the FU header)
         * @param length bytes from {@code offset}
         */
        void visit(int type, int offset, int length);
    }

    private static final byte[] EMPTY = new byte[0];

    private byte[] buf = EMPTY;
    private int off;
    private int len;

    /** An empty view; {@link #wrap} it before use. */
    public H264Payload() {
    }

    /** Parses into a new view; see {@link #wrap}. */
    public static H264Payload parse(byte[] payload, int off, int len) throws MalformedPacketException {
        return new H264Payload().wrap(payload, off, len);
    }

    /**
     * Points this view at the RTP payload {@code buf[off, off + len)}.
     *
     * <p>Rejects, with {@link MalformedPacketException}: an empty payload; a STAP-A without units, with a
     * unit of size 0 or with a size running past the end (RFC 6184 §5.7.1); an FU-A shorter than its
     * indicator and header, or with both S and E set (RFC 6184 §5.8). Allocates nothing; on failure
     * the view is left empty.
     *
     * @return this view
     */
    public H264Payload wrap(byte[] payload, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, payload.length);
        this.buf = EMPTY;
        this.len = 0;
        String problem = validate(payload, off, len);
        if (problem != null) {
            throw new MalformedPacketException(problem);
        }
        this.buf = payload;
        this.off = off;
        this.len = len;
        return this;
    }

    /** What is wrong with the payload, or null. */
    private static String validate(byte[] b, int off, int len) {
        if (len < 1) {
            return "empty H.264 payload";
        }
        int type = b[off] & 0x1F;
        if (type == STAP_A) {
            int p = off + 1;
            int end = off + len;
            if (p == end) {
                return "STAP-A without NAL units";
            }
            while (p < end) {
                if (p + 2 > end) {
                    return "STAP-A NAL unit size truncated";
                }
                int size = BigEndian.uint16(b, p);
                if (size == 0 || p + 2 + size > end) {
                    return "STAP-A NAL unit of " + size + " bytes does not fit";
                }
                p += 2 + size;
            }
        } else if (type == FU_A) {
            if (len < 2) {
                return "FU-A without its FU header";
            }
            if ((b[off + 1] & 0xC0) == 0xC0) {
                return "FU-A with both start and end bits set";
            }
        }
        return null;
    }

    /**
     * True if {@code payload} carries part of a keyframe: an IDR slice or an SPS in a single NAL unit,
     * any unit of a STAP-A, or any fragment of an FU-A. A payload that does not parse is not a
     * keyframe. Allocation-free, no exception.
     */
    public static boolean isKeyframe(byte[] payload, int off, int len) {
        if (validate(payload, off, len) != null) {
            return false;
        }
        int type = payload[off] & 0x1F;
        if (type == STAP_A) {
            for (int p = off + 1; p < off + len; p += 2 + BigEndian.uint16(payload, p)) {
                if (isKeyframeUnit(payload[p + 2] & 0x1F)) {
                    return true;
                }
            }
            return false;
        }
        if (type == FU_A) {
            return isKeyframeUnit(payload[off + 1] & 0x1F);
        }
        return isKeyframeUnit(type);
    }

    private static boolean isKeyframeUnit(int nalType) {
        return nalType == IDR_SLICE || nalType == SPS;
    }

    /** The type field of the payload's own header: 1..23 for a single NAL unit, 24 STAP-A, 28 FU-A... */
    public int packetType() {
        return buf[off] & 0x1F;
    }

    /** NRI of the payload header (RFC 6184 §5.3): 0 means no decoder depends on it. */
    public int nalRefIdc() {
        return (buf[off] >>> 5) & 0x3;
    }

    /** Type of the first NAL unit carried (the fragmented unit's for an FU-A). */
    public int nalUnitType() {
        return firstUnitType(buf, off);
    }

    /** For an FU-A, its S bit; true for any other packet. */
    public boolean isFragmentStart() {
        return packetType() != FU_A || (buf[off + 1] & 0x80) != 0;
    }

    /** For an FU-A, its E bit; true for any other packet. */
    public boolean isFragmentEnd() {
        return packetType() != FU_A || (buf[off + 1] & 0x40) != 0;
    }

    /** Part of a keyframe; see {@link #isKeyframe(byte[], int, int)}. */
    public boolean isKeyframe() {
        return isKeyframe(buf, off, len);
    }

    /**
     * True if this packet starts a new access unit: its first NAL unit (not a continuing fragment) is an
     * AUD, SPS, PPS or SEI, or a slice whose first_mb_in_slice is 0 (H.264 §7.3.3: the slice header
     * starts with that ue(v), which is the single bit '1' for 0).
     */
    public boolean isStartOfFrame() {
        return startsFrame(buf, off, len);
    }

    /**
     * {@link #isStartOfFrame()} of {@code payload}; a payload that does not parse does not start a
     * frame. Allocation-free, no exception.
     */
    public static boolean isStartOfFrame(byte[] payload, int off, int len) {
        return validate(payload, off, len) == null && startsFrame(payload, off, len);
    }

    private static boolean startsFrame(byte[] b, int off, int len) {
        int packetType = b[off] & 0x1F;
        if (packetType == FU_A && (b[off + 1] & 0x80) == 0) {
            return false; // a continuing fragment
        }
        int type = firstUnitType(b, off);
        if (type == AUD || type == SPS || type == PPS || type == SEI) {
            return true;
        }
        if (type != NON_IDR_SLICE && type != IDR_SLICE) {
            return false;
        }
        int sliceHeader = switch (packetType) {
            case STAP_A -> off + 4;
            case FU_A -> off + 2;
            default -> off + 1;
        };
        int unitEnd = packetType == STAP_A ? off + 3 + BigEndian.uint16(b, off + 1) : off + len;
        return sliceHeader < unitEnd && (b[sliceHeader] & 0x80) != 0;
    }

    private static int firstUnitType(byte[] b, int off) {
        return switch (b[off] & 0x1F) {
            case STAP_A -> b[off + 3] & 0x1F;
            case FU_A -> b[off + 1] & 0x1F;
            default -> b[off] & 0x1F;
        };
    }

    /** Calls {@code visitor} for every NAL unit (or fragment) carried, allocating nothing. */
    public void forEachNalUnit(NalUnitVisitor visitor) {
        int type = packetType();
        if (type == STAP_A) {
            for (int p = off + 1; p < off + len; p += 2 + BigEndian.uint16(buf, p)) {
                int size = BigEndian.uint16(buf, p);
                visitor.visit(buf[p + 2] & 0x1F, p + 3, size - 1);
            }
        } else if (type == FU_A) {
            visitor.visit(buf[off + 1] & 0x1F, off + 2, len - 2);
        } else {
            visitor.visit(type, off + 1, len - 1);
        }
    }

    @Override
    public String toString() {
        if (len == 0) {
            return "H264Payload[empty]";
        }
        return "H264Payload[packetType=" + packetType() + " nal=" + nalUnitType() + " key=" + isKeyframe()
                + " start=" + isStartOfFrame() + "]";
    }
}
