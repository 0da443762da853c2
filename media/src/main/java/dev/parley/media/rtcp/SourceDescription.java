package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Source description, SDES (RFC 3550 §6.5): per-source items such as the CNAME that ties a
 * participant's streams together.
 *
 * @param chunks one chunk per source, at most 31
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    /** Canonical end-point identifier, RFC 3550 §6.5.1. */
    public static final int CNAME = 1;
    /** User name, RFC 3550 §6.5.2. */
    public static final int NAME = 2;
    /** Electronic mail address, RFC 3550 §6.5.3. */
    public static final int EMAIL = 3;
    /** Phone number, RFC 3550 §6.5.4. */
    public static final int PHONE = 4;
    /** Geographic location, RFC 3550 §6.5.5. */
    public static final int LOC = 5;
    /** Application or tool name, RFC 3550 §6.5.6. */
    public static final int TOOL = 6;
    /** Notice/status, RFC 3550 §6.5.7. */
    public static final int NOTE = 7;
    /** Private extensions, RFC 3550 §6.5.8: its value keeps the prefix length and prefix bytes. */
    public static final int PRIV = 8;

    public SourceDescription {
        chunks = List.copyOf(chunks);
        RtcpHeader.checkCount("SDES chunk", chunks.size());
        RtcpHeader.checkLength(RtcpHeader.LENGTH + chunks.stream().mapToInt(Chunk::length).sum());
    }

    /** An SDES with a single chunk carrying the CNAME of {@code ssrc}. */
    public static SourceDescription cname(long ssrc, String cname) {
        return new SourceDescription(List.of(new Chunk(ssrc, List.of(Item.text(CNAME, cname)))));
    }

    /**
     * Parses one SDES packet occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed SDES (see {@link RtcpCompound#parse})
     */
    public static SourceDescription parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, SourceDescription.class);
    }

    static SourceDescription parseBody(int count, byte[] buf, int off, int len) throws MalformedPacketException {
        List<Chunk> chunks = new ArrayList<>(count);
        int p = off;
        int end = off + len;
        for (int c = 0; c < count; c++) {
            if (p + 4 > end) {
                throw new MalformedPacketException("SDES chunk " + c + " runs past the packet end");
            }
            long ssrc = BigEndian.uint32(buf, p);
            p += 4;
            List<Item> items = new ArrayList<>();
            while (true) {
                if (p >= end) {
                    throw new MalformedPacketException("SDES chunk " + c + " lacks its terminating null item");
                }
                int type = buf[p] & 0xFF;
                if (type == 0) { // RFC 3550 §6.5: a null octet ends the list, then pad to 32 bits
                    p = off + ((p - off) / 4 + 1) * 4;
                    break;
                }
                if (p + 2 > end || p + 2 + (buf[p + 1] & 0xFF) > end) {
                    throw new MalformedPacketException("SDES item runs past the packet end");
                }
                int itemLength = buf[p + 1] & 0xFF;
                items.add(new Item(type, Arrays.copyOfRange(buf, p + 2, p + 2 + itemLength)));
                p += 2 + itemLength;
            }
            if (p > end) {
                throw new MalformedPacketException("SDES chunk padding runs past the packet end");
            }
            chunks.add(new Chunk(ssrc, items));
        }
        return new SourceDescription(chunks);
    }

    @Override
    public int packetType() {
        return RtcpHeader.SDES;
    }

    @Override
    public int length() {
        int n = RtcpHeader.LENGTH;
        for (Chunk c : chunks) {
            n += c.length();
        }
        return n;
    }

    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        RtcpHeader.write(buf, off, false, chunks.size(), RtcpHeader.SDES, n);
        int p = off + RtcpHeader.LENGTH;
        for (Chunk c : chunks) {
            p = c.write(buf, p);
        }
        return n;
    }

    /**
     * The items of one source.
     *
     * @param ssrc  the source (or CSRC) described
     * @param items its items in wire order
     */
    public record Chunk(long ssrc, List<Item> items) {
        public Chunk {
            RtcpHeader.checkUnsigned32("SSRC", ssrc);
            items = List.copyOf(items);
        }

        int length() {
            int n = 4;
            for (Item i : items) {
                n += 2 + i.value.length;
            }
            return n + 4 - n % 4; // at least one null octet, then to the next 32-bit boundary
        }

        int write(byte[] buf, int p) {
            int end = p + length();
            BigEndian.putUint32(buf, p, ssrc);
            p += 4;
            for (Item i : items) {
                buf[p] = (byte) i.type;
                buf[p + 1] = (byte) i.value.length;
                System.arraycopy(i.value, 0, buf, p + 2, i.value.length);
                p += 2 + i.value.length;
            }
            Arrays.fill(buf, p, end, (byte) 0);
            return end;
        }

        /** The value of the first item of {@code type} as UTF-8 text, or empty. */
        public java.util.Optional<String> text(int type) {
            return items.stream().filter(i -> i.type == type).findFirst().map(Item::text);
        }
    }

    /**
     * One item: its type and raw value (RFC 3550 §6.5: UTF-8 text of up to 255 bytes). The raw bytes are
     * kept so that a value that is not valid UTF-8 still round-trips exactly.
     *
     * @param type  1..255 (0 ends a chunk on the wire and is not an item)
     * @param value up to 255 bytes; copied in and out
     */
    public record Item(int type, byte[] value) {
        public Item {
            RtcpHeader.checkRange("SDES item type", type, 1, 255);
            RtcpHeader.checkRange("SDES item length", value.length, 0, 255);
            value = value.clone();
        }

        /** An item holding {@code text} in UTF-8. */
        public static Item text(int type, String text) {
            return new Item(type, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value decoded as UTF-8, malformed sequences replaced. */
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item other && type == other.type && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Item[type=" + type + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
