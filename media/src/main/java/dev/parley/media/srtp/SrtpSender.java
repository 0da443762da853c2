package dev.parley.media.srtp;

import java.util.Objects;

/**
 * Protects the RTP and RTCP packets one end sends under one master key (RFC 3711, RFC 7714), for any
 * number of SSRCs up to a cap, in place.
 *
 * <p>The sender keeps its own rollover counter per SSRC (RFC 3711 §3.3.1), estimated from the sequence
 * numbers it protects exactly as the receiver will, so re-protecting an older packet (a retransmission
 * with its original sequence number) gets its original index. Re-protecting an index is safe only for
 * the byte-identical packet: SRTP's keystream and GCM's nonce depend on nothing else. SRTCP indexes count
 * up from 1 per SSRC.
 *
 * <p>Threading: not thread-safe and lock-free; a session is used by one thread at a time (the
 * transport's event loop). Per packet it allocates only what the JCA forces (a parameter object per IV,
 * HMAC-SHA1's 20-byte result, the JDK's GCM engine state).
 *
 * <p>Like the receiver, it places a sequence number within 2^15 of the highest one sent (RFC 3711
 * Appendix A): a jump of more than 32767 forward is taken for an old packet and the receiver will drop
 * it as too old. Callers that rewrite sequence numbers keep them contiguous anyway.
 */
public final class SrtpSender {
    /** Default cap on the SSRCs a session tracks, per RTP and per RTCP. */
    public static final int DEFAULT_MAX_SSRCS = 1024;

    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final PacketCipher rtp;
    private final PacketCipher rtcp;
    private final SsrcTable<OutboundStream> rtpStreams;
    private final SsrcTable<OutboundStream> rtcpStreams;

    private SrtpSender(SrtpProfile profile, SessionKeys rtpKeys, SessionKeys rtcpKeys, int maxSsrcs) {
        this.profile = profile;
        this.rtp = PacketCipher.of(profile, rtpKeys);
        this.rtcp = PacketCipher.of(profile, rtcpKeys);
        this.rtpStreams = new SsrcTable<>(maxSsrcs);
        this.rtcpStreams = new SsrcTable<>(maxSsrcs);
    }

    /** A sender keyed directly with session keys, as the RFC 7714 §16-17 examples are. */
    static SrtpSender withSessionKeys(SrtpProfile profile, SessionKeys rtpKeys, SessionKeys rtcpKeys) {
        return new SrtpSender(profile, rtpKeys, rtcpKeys, DEFAULT_MAX_SSRCS);
    }

    /**
     * A sender with {@value #DEFAULT_MAX_SSRCS} SSRCs at most.
     *
     * @throws IllegalArgumentException if key or salt lengths do not fit the profile
     */
    public static SrtpSender create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return create(profile, masterKey, masterSalt, DEFAULT_MAX_SSRCS);
    }

    /**
     * A sender tracking at most {@code maxSsrcs} SSRCs (per RTP and per RTCP).
     *
     * @throws IllegalArgumentException if key or salt lengths do not fit the profile, or
     *     {@code maxSsrcs} is not from 1 to 2^20
     */
    public static SrtpSender create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxSsrcs) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(masterSalt, "masterSalt");
        return new SrtpSender(profile, SrtpKeyDerivation.forRtp(profile, masterKey, masterSalt),
                SrtpKeyDerivation.forRtcp(profile, masterKey, masterSalt), maxSsrcs);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Encrypts the payload of the RTP packet {@code buf[off, off+len)} in place and writes the tag right
     * after it. Header, CSRCs and header extension stay in the clear (RFC 3711 §3.1).
     *
     * @return the protected length, {@code len + profile().rtpOverhead()}
     * @throws IllegalArgumentException if the view is outside {@code buf}, fewer than
     *     {@link SrtpProfile#rtpOverhead()} bytes of headroom follow it, or it is not an RTP packet
     *     (version 2, header within {@code len}): our own packets, so a programming error
     * @throws IllegalStateException if the SSRC cap is reached or the SSRC's index space is used up
     */
    public int protectRtp(byte[] buf, int off, int len) {
        PacketBytes.checkView(buf, off, len, profile.rtpOverhead());
        int headerLength = RtpHeaderLength.of(buf, off, len);
        if (headerLength == RtpHeaderLength.NOT_RTP) {
            throw new IllegalArgumentException("not an RTP packet, or its header exceeds its " + len + " bytes");
        }
        int seq = PacketBytes.readUnsignedShort(buf, off + 2);
        int ssrc = PacketBytes.readInt(buf, off + 8);
        long index = rtpIndex(ssrc, seq);
        return rtp.sealRtp(buf, off, headerLength, len, ssrc, index);
    }

    /**
     * Encrypts the RTCP compound packet {@code buf[off, off+len)} after its first 8 bytes, in place, and
     * appends E flag, SRTCP index and tag (RFC 3711 §3.4; RFC 7714 §9.1 puts the tag first).
     *
     * @return the protected length, {@code len + profile().rtcpOverhead()}
     * @throws IllegalArgumentException if the view is outside {@code buf}, lacks
     *     {@link SrtpProfile#rtcpOverhead()} bytes of headroom, or is not a version 2 RTCP packet of at
     *     least 8 bytes
     * @throws IllegalStateException if the SSRC cap is reached or 2^31 - 1 packets used the SRTCP index up
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        PacketBytes.checkView(buf, off, len, profile.rtcpOverhead());
        if (len < RTCP_HEADER || (buf[off] & 0xC0) != 0x80) {
            throw new IllegalArgumentException("not an RTCP packet of at least 8 bytes");
        }
        int ssrc = PacketBytes.readInt(buf, off + 4);
        OutboundStream stream = stream(rtcpStreams, ssrc, 0);
        if (stream.highestIndex >= PacketIndex.MAX_SRTCP_INDEX) {
            throw new IllegalStateException("SRTCP index exhausted for SSRC " + Integer.toUnsignedString(ssrc)
                    + ": re-key (RFC 3711 §9.2)");
        }
        int index = (int) ++stream.highestIndex;
        return rtcp.sealRtcp(buf, off, len, ssrc, index);
    }

    private long rtpIndex(int ssrc, int seq) {
        OutboundStream stream = rtpStreams.get(ssrc);
        if (stream == null) {
            // RFC 3711 §3.3.1: a new stream starts with ROC 0.
            stream(rtpStreams, ssrc, seq);
            return seq;
        }
        long index = PacketIndex.estimate(stream.highestIndex, seq);
        if (index < 0) {
            throw new IllegalArgumentException("sequence number " + seq + " precedes the first packet of SSRC "
                    + Integer.toUnsignedString(ssrc));
        }
        if (index > PacketIndex.MAX_RTP_INDEX) {
            throw new IllegalStateException("SRTP index exhausted for SSRC " + Integer.toUnsignedString(ssrc)
                    + ": re-key (RFC 3711 §9.2)");
        }
        if (index > stream.highestIndex) {
            stream.highestIndex = index;
        }
        return index;
    }

    private static OutboundStream stream(SsrcTable<OutboundStream> table, int ssrc, long initialIndex) {
        OutboundStream stream = table.get(ssrc);
        if (stream == null) {
            if (table.isFull()) {
                throw new IllegalStateException("SRTP sender already tracks its maximum of " + table.size()
                        + " SSRCs");
            }
            stream = new OutboundStream(initialIndex);
            table.putNew(ssrc, stream);
        }
        return stream;
    }
}
