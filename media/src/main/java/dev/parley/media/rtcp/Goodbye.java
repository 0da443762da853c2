package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Goodbye, BYE (RFC 3550 §6.6): the listed sources are leaving, optionally with a reason.
 *
 * @param sources the departing SSRCs/CSRCs, at most 31
 * @param reason  the raw reason text (UTF-8, at most 255 bytes); empty for none. Copied in and out.
 */
public record Goodbye(List<Long> sources, byte[] reason) implements RtcpPacket {
    public Goodbye {
        sources = List.copyOf(sources);
        RtcpHeader.checkCount("BYE source", sources.size());
        sources.forEach(s -> RtcpHeader.checkUnsigned32("SSRC", s));
        RtcpHeader.checkRange("BYE reason length", reason.length, 0, 255);
        reason = reason.clone();
    }

    /** A BYE for {@code sources} with a UTF-8 reason ("" for none). */
    public static Goodbye of(List<Long> sources, String reason) {
        return new Goodbye(sources, reason.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses one BYE packet occupying exactly {@code buf[off, off + len)}.
     *
     * @throws MalformedPacketException if it is not a well-formed BYE (see {@link RtcpCompound#parse})
     */
    public static Goodbye parse(byte[] buf, int off, int len) throws MalformedPacketException {
        return RtcpCompound.parseSingle(buf, off, len, Goodbye.class);
    }

    static Goodbye parseBody(int count, byte[] buf, int off, int len) throws MalformedPacketException {
        if (len < 4 * count) {
            throw new MalformedPacketException("BYE with " + count + " sources needs more than " + len + " bytes");
        }
        List<Long> sources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sources.add(BigEndian.uint32(buf, off + 4 * i));
        }
        int p = off + 4 * count;
        int remaining = len - 4 * count;
        byte[] reason = new byte[0];
        if (remaining > 0) { // RFC 3550 §6.6: length octet, then text
            int reasonLength = buf[p] & 0xFF;
            if (1 + reasonLength > remaining) {
                throw new MalformedPacketException("BYE reason of " + reasonLength + " bytes runs past the packet end");
            }
            reason = Arrays.copyOfRange(buf, p + 1, p + 1 + reasonLength);
        }
        return new Goodbye(sources, reason);
    }

    @Override
    public byte[] reason() {
        return reason.clone();
    }

    /** The reason decoded as UTF-8, malformed sequences replaced; "" when there is none. */
    public String reasonText() {
        return new String(reason, StandardCharsets.UTF_8);
    }

    @Override
    public int packetType() {
        return RtcpHeader.BYE;
    }

    @Override
    public int length() {
        int reasonBlock = reason.length == 0 ? 0 : (1 + reason.length + 3) & ~3;
        return RtcpHeader.LENGTH + 4 * sources.size() + reasonBlock;
    }

    @Override
    public int write(byte[] buf, int off) {
        int n = length();
        RtcpHeader.checkRoom(buf, off, n);
        RtcpHeader.write(buf, off, false, sources.size(), RtcpHeader.BYE, n);
        int p = off + RtcpHeader.LENGTH;
        for (long s : sources) {
            BigEndian.putUint32(buf, p, s);
            p += 4;
        }
        if (reason.length > 0) {
            buf[p] = (byte) reason.length;
            System.arraycopy(reason, 0, buf, p + 1, reason.length);
            Arrays.fill(buf, p + 1 + reason.length, off + n, (byte) 0);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Goodbye other && sources.equals(other.sources) && Arrays.equals(reason, other.reason);
    }

    @Override
    public int hashCode() {
        return 31 * sources.hashCode() + Arrays.hashCode(reason);
    }

    @Override
    public String toString() {
        return "Goodbye[sources=" + sources + ", reason=" + HexFormat.of().formatHex(reason) + "]";
    }
}
