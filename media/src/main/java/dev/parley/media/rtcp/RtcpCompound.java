package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compound RTCP datagrams (RFC 3550 §6.1): parsing into messages and writing messages back.
 * Reduced-size datagrams of a single feedback packet (RFC 5506) parse the same way; no ordering
 * rule of RFC 3550 §6.1 is enforced, since browsers send both forms.
 */
public final class RtcpCompound {
    private RtcpCompound() {
    }

    /**
     * Parses every packet of {@code buf[off, off + len)}.
     *
     * <p>Unknown packet types and feedback formats are kept as {@link UnknownRtcpPacket}. Any other
     * irregularity rejects the whole datagram with {@link MalformedPacketException}: an empty datagram;
     * a header with version other than 2, a length running past the datagram or a bad padding count
     * (see {@link RtcpCompoundReader#next()}); report blocks, SDES chunks and items, BYE sources and
     * reason, feedback SSRCs or FCI running past their packet; a NACK or FIR without entries; a REMB
     * whose SSRC count exceeds its FCI; a TWCC feedback with no status, chunks or deltas running past
     * the end or the reserved status symbol. Every count and length is checked against the bytes
     * present before anything is allocated from it.
     *
     * @throws IndexOutOfBoundsException if {@code [off, off + len)} is not inside {@code buf} (a caller bug)
     */
    public static List<RtcpPacket> parse(byte[] buf, int off, int len) throws MalformedPacketException {
        if (len == 0) {
            throw new MalformedPacketException("empty RTCP datagram");
        }
        RtcpCompoundReader reader = new RtcpCompoundReader().reset(buf, off, len);
        List<RtcpPacket> packets = new ArrayList<>(4);
        while (reader.next()) {
            packets.add(reader.parse());
        }
        return packets;
    }

    /** Parses a datagram that must hold exactly one packet of {@code type}. */
    static <T extends RtcpPacket> T parseSingle(byte[] buf, int off, int len, Class<T> type)
            throws MalformedPacketException {
        RtcpCompoundReader reader = new RtcpCompoundReader().reset(buf, off, len);
        if (!reader.next()) {
            throw new MalformedPacketException("empty RTCP datagram");
        }
        if (reader.packetLength() != len) {
            throw new MalformedPacketException("RTCP packet of " + reader.packetLength() + " bytes in "
                    + len + " bytes: expected exactly one packet");
        }
        RtcpPacket packet = reader.parse();
        if (!type.isInstance(packet)) {
            throw new MalformedPacketException("expected " + type.getSimpleName() + ", got "
                    + packet.getClass().getSimpleName());
        }
        return type.cast(packet);
    }

    /** Parses one packet body; see {@link #parse} for what is rejected. */
    static RtcpPacket parseBody(int type, int count, byte[] buf, int off, int len) throws MalformedPacketException {
        switch (type) {
            case RtcpHeader.SR:
                return SenderReport.parseBody(count, buf, off, len);
            case RtcpHeader.RR:
                return ReceiverReport.parseBody(count, buf, off, len);
            case RtcpHeader.SDES:
                return SourceDescription.parseBody(count, buf, off, len);
            case RtcpHeader.BYE:
                return Goodbye.parseBody(count, buf, off, len);
            case RtcpHeader.RTPFB:
            case RtcpHeader.PSFB:
                return parseFeedback(type, count, buf, off, len);
            default:
                return unknown(type, count, buf, off, len);
        }
    }

    /** RFC 4585 §6.1: sender SSRC, media SSRC, then the FCI of the format. */
    private static RtcpPacket parseFeedback(int type, int fmt, byte[] buf, int off, int len)
            throws MalformedPacketException {
        if (len < 8) {
            throw new MalformedPacketException("feedback packet of " + len + " bytes lacks its two SSRCs");
        }
        long sender = BigEndian.uint32(buf, off);
        long media = BigEndian.uint32(buf, off + 4);
        int fci = off + 8;
        int fciLength = len - 8;
        if (type == RtcpHeader.RTPFB) {
            if (fmt == TransportLayerNack.FMT) {
                return TransportLayerNack.parseFci(sender, media, buf, fci, fciLength);
            }
            if (fmt == TransportLayerCc.FMT) {
                return TransportLayerCc.parseFci(sender, media, buf, fci, fciLength);
            }
        } else {
            if (fmt == PictureLossIndication.FMT) {
                return new PictureLossIndication(sender, media);
            }
            if (fmt == FullIntraRequest.FMT) {
                return FullIntraRequest.parseFci(sender, buf, fci, fciLength);
            }
            if (fmt == ReceiverEstimatedMaxBitrate.FMT && ReceiverEstimatedMaxBitrate.isRemb(buf, fci, fciLength)) {
                return ReceiverEstimatedMaxBitrate.parseFci(sender, buf, fci, fciLength);
            }
        }
        return unknown(type, fmt, buf, off, len);
    }

    private static UnknownRtcpPacket unknown(int type, int count, byte[] buf, int off, int len) {
        return new UnknownRtcpPacket(type, count, Arrays.copyOfRange(buf, off, off + len));
    }

    /** Bytes {@code packets} occupy when written back to back. */
    public static int length(List<? extends RtcpPacket> packets) {
        int n = 0;
        for (RtcpPacket p : packets) {
            n += p.length();
        }
        return n;
    }

    /**
     * Writes {@code packets} back to back at {@code buf[off]} as one compound datagram.
     *
     * @return the number of bytes written, {@link #length(List)}
     * @throws IndexOutOfBoundsException if the buffer is too small
     */
    public static int write(List<? extends RtcpPacket> packets, byte[] buf, int off) {
        int p = off;
        for (RtcpPacket packet : packets) {
            p += packet.write(buf, p);
        }
        return p - off;
    }

    /** The compound datagram in a new array. */
    public static byte[] toBytes(List<? extends RtcpPacket> packets) {
        byte[] out = new byte[length(packets)];
        write(packets, out, 0);
        return out;
    }
}
