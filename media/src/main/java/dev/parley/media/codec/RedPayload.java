package dev.parley.media.codec;

import dev.parley.media.MalformedPacketException;

/**
 * A reusable, allocation-free view over an RFC 2198 redundant audio payload (WebRTC's "RED" for Opus).
 *
 * <p>RFC 2198 §3: a list of block headers, then the blocks' data in the same order. Every header but the
 * last is four bytes; the last names the primary encoding and is one byte:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |F|   block PT  |  timestamp offset         |   block length    |   F=1: a redundant block
 * |0|   block PT  |                                                   F=0: the primary (last) block
 * </pre>
 *
 * The primary's data is whatever follows the redundant blocks' data; its timestamp is the RTP header's.
 * A redundant block's timestamp is the header's minus its offset. Block {@code i} is the {@code i}-th
 * header, so the primary is block {@code blockCount() - 1}. Not thread-safe: one view per thread.
 */
public final class RedPayload {
    /** More blocks than this is not RED a WebRTC sender makes (libwebrtc sends at most 3) but an attack. */
    public static final int MAX_BLOCKS = 16;
    /** The largest timestamp offset a 14-bit field holds (RFC 2198 §3). */
    public static final int MAX_TIMESTAMP_OFFSET = 0x3FFF;
    /** The largest redundant block a 10-bit length field holds (RFC 2198 §3). */
    public static final int MAX_BLOCK_LENGTH = 0x3FF;

    private final int[] dataOffsets = new int[MAX_BLOCKS];
    private final int[] dataLengths = new int[MAX_BLOCKS];
    private byte[] buf;
    private int off;
    private int len;
    private int blocks;

    /** A new view over {@code buf[off, off + len)}; see {@link #wrap}. */
    public static RedPayload parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return new RedPayload().wrap(buf, off, len);
    }

    /**
     * Points this view at the RED payload {@code buf[off, off + len)} (the RTP payload, padding excluded).
     * On failure the view is left empty ({@link #blockCount()} 0).
     *
     * @return this view
     * @throws MalformedPacketException if the payload is empty, a header is cut off, there are more than
     *                                  {@link #MAX_BLOCKS} blocks, or the redundant blocks' lengths run
     *                                  past the end of the payload
     */
    public RedPayload wrap(byte[] buf, int off, int len) throws MalformedPacketException {
        this.blocks = 0;
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new MalformedPacketException("RED payload bounds outside the buffer");
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        int end = off + len;
        int h = off;
        int n = 0;
        int dataBytes = 0;
        while (true) {
            if (h >= end) {
                throw new MalformedPacketException("RED block header " + n + " cut off at byte " + (h - off));
            }
            if (n == MAX_BLOCKS) {
                throw new MalformedPacketException("RED payload has more than " + MAX_BLOCKS + " blocks");
            }
            if ((buf[h] & 0x80) == 0) {
                h++; // RFC 2198 §3: the final header is F=0 and the PT alone
                n++;
                break;
            }
            if (end - h < 4) {
                throw new MalformedPacketException("RED block header " + n + " cut off at byte " + (h - off));
            }
            int blockLength = ((buf[h + 2] & 0x03) << 8) | (buf[h + 3] & 0xFF);
            dataLengths[n] = blockLength;
            dataBytes += blockLength;
            h += 4;
            n++;
        }
        if (dataBytes > end - h) {
            throw new MalformedPacketException("RED blocks need " + dataBytes + " bytes; " + (end - h) + " follow the headers");
        }
        int data = h;
        for (int i = 0; i < n - 1; i++) {
            dataOffsets[i] = data;
            data += dataLengths[i];
        }
        dataOffsets[n - 1] = data;
        dataLengths[n - 1] = end - data;
        blocks = n;
        return this;
    }

    /** Blocks in the payload, the primary included (1..{@link #MAX_BLOCKS}); 0 for an empty view. */
    public int blockCount() {
        return blocks;
    }

    /** The whole payload's length, as wrapped. */
    public int length() {
        return len;
    }

    /** Bytes of block headers before the first block's data. */
    public int headerLength() {
        return (blocks - 1) * 4 + 1;
    }

    /** The index of the primary block: the last. */
    public int primaryIndex() {
        return blocks - 1;
    }

    /** The payload type (0..127) the header of block {@code i} names. */
    public int payloadType(int i) {
        return buf[headerOffset(i)] & 0x7F;
    }

    /** How far block {@code i}'s timestamp lies before the RTP header's (0..16383); 0 for the primary. */
    public int timestampOffset(int i) {
        check(i);
        if (i == blocks - 1) {
            return 0;
        }
        int h = headerOffset(i);
        return ((buf[h + 1] & 0xFF) << 6) | ((buf[h + 2] & 0xFC) >>> 2);
    }

    /** The offset of block {@code i}'s data in the buffer. */
    public int dataOffset(int i) {
        check(i);
        return dataOffsets[i];
    }

    /** The length of block {@code i}'s data (the primary's may be 0). */
    public int dataLength(int i) {
        check(i);
        return dataLengths[i];
    }

    public int primaryPayloadType() {
        return payloadType(blocks - 1);
    }

    public int primaryOffset() {
        return dataOffset(blocks - 1);
    }

    public int primaryLength() {
        return dataLength(blocks - 1);
    }

    /** Whether every block, the primary included, carries payload type {@code pt}. */
    public boolean allBlocksOfType(int pt) {
        for (int i = 0; i < blocks; i++) {
            if (payloadType(i) != pt) {
                return false;
            }
        }
        return blocks > 0;
    }

    /**
     * Rewrites in place every block header naming payload type {@code from} to name {@code to} instead (an SFU
     * maps the sender's Opus payload type to the receiver's); the F bits, offsets and lengths stay.
     *
     * @return how many headers were rewritten
     */
    public int rewritePayloadTypes(int from, int to) {
        if (to < 0 || to > 127) {
            throw new IllegalArgumentException("RTP payload type outside 0..127: " + to);
        }
        int rewritten = 0;
        for (int i = 0; i < blocks; i++) {
            int h = headerOffset(i);
            if ((buf[h] & 0x7F) == from) {
                buf[h] = (byte) ((buf[h] & 0x80) | to);
                rewritten++;
            }
        }
        return rewritten;
    }

    private int headerOffset(int i) {
        check(i);
        return off + 4 * i;
    }

    private void check(int i) {
        if (i < 0 || i >= blocks) {
            throw new IndexOutOfBoundsException("RED block " + i + " of " + blocks);
        }
    }

    /**
     * Writes a RED payload header for {@code redundant} blocks plus the primary (the caller copies the data
     * after it), for tests and tools: {@code types[i]}, {@code tsOffsets[i]}, {@code lengths[i]} per
     * redundant block, then {@code primaryType}.
     *
     * @return the bytes written, {@code 4 * redundant + 1}
     */
    public static int writeHeader(byte[] out, int at, int[] types, int[] tsOffsets, int[] lengths, int primaryType) {
        int redundant = types.length;
        if (tsOffsets.length != redundant || lengths.length != redundant || redundant + 1 > MAX_BLOCKS) {
            throw new IllegalArgumentException("one type, offset and length per redundant block, at most "
                    + (MAX_BLOCKS - 1));
        }
        int p = at;
        for (int i = 0; i < redundant; i++) {
            if (tsOffsets[i] < 0 || tsOffsets[i] > MAX_TIMESTAMP_OFFSET || lengths[i] < 0
                    || lengths[i] > MAX_BLOCK_LENGTH || (types[i] & ~0x7F) != 0) {
                throw new IllegalArgumentException("RED block " + i + " does not fit its header fields");
            }
            out[p++] = (byte) (0x80 | types[i]);
            out[p++] = (byte) (tsOffsets[i] >>> 6);
            out[p++] = (byte) ((tsOffsets[i] << 2) | (lengths[i] >>> 8));
            out[p++] = (byte) lengths[i];
        }
        if ((primaryType & ~0x7F) != 0) {
            throw new IllegalArgumentException("RTP payload type outside 0..127: " + primaryType);
        }
        out[p++] = (byte) primaryType;
        return p - at;
    }
}
