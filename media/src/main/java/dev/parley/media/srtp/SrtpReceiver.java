package dev.parley.media.srtp;

import dev.parley.media.srtp.SrtpException.Reason;
import java.util.Objects;

/**
 * Unprotects the SRTP and SRTCP packets one peer sends under one master key (RFC 3711, RFC 7714), for
 * any number of SSRCs up to a cap, in place, with replay protection (RFC 3711 §3.3.2).
 *
 * <p>Per SSRC it keeps the highest authenticated index, from which the rollover counter is estimated
 * (RFC 3711 §3.3.1), and a replay window. State for an SSRC is created, and the window moved, only once
 * a packet has authenticated: forged packets change nothing and cannot fill the SSRC table.
 *
 * <p>Threading: not thread-safe and lock-free; a session is used by one thread at a time (the
 * transport's event loop).
 */
public final class SrtpReceiver {
    /** Default replay window: generous for video bursts reordered by the network. */
    public static final int DEFAULT_REPLAY_WINDOW = 1024;

    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final PacketCipher rtp;
    private final PacketCipher rtcp;
    private final int replayWindowSize;
    private final SsrcTable<ReplayWindow> rtpStreams;
    private final SsrcTable<ReplayWindow> rtcpStreams;

    private SrtpReceiver(SrtpProfile profile, SessionKeys rtpKeys, SessionKeys rtcpKeys, int replayWindowSize,
                         int maxSsrcs) {
        ReplayWindow.checkSize(replayWindowSize);
        this.profile = profile;
        this.rtp = PacketCipher.of(profile, rtpKeys);
        this.rtcp = PacketCipher.of(profile, rtcpKeys);
        this.replayWindowSize = replayWindowSize;
        this.rtpStreams = new SsrcTable<>(maxSsrcs);
        this.rtcpStreams = new SsrcTable<>(maxSsrcs);
    }

    /** A receiver keyed directly with session keys, as the RFC 7714 §16-17 examples are. */
    static SrtpReceiver withSessionKeys(SrtpProfile profile, SessionKeys rtpKeys, SessionKeys rtcpKeys,
                                        int replayWindowSize) {
        return new SrtpReceiver(profile, rtpKeys, rtcpKeys, replayWindowSize, SrtpSender.DEFAULT_MAX_SSRCS);
    }

    /**
     * A receiver tracking at most {@value SrtpSender#DEFAULT_MAX_SSRCS} SSRCs.
     *
     * @param replayWindowSize packets per SSRC below the highest index that are still accepted once:
     *     a power of two from 64 to 32768
     * @throws IllegalArgumentException if key or salt lengths do not fit the profile, or the window size
     *     is not allowed
     */
    public static SrtpReceiver create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
                                      int replayWindowSize) {
        return create(profile, masterKey, masterSalt, replayWindowSize, SrtpSender.DEFAULT_MAX_SSRCS);
    }

    /** As {@link #create(SrtpProfile, byte[], byte[], int)}, tracking at most {@code maxSsrcs} SSRCs. */
    public static SrtpReceiver create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
                                      int replayWindowSize, int maxSsrcs) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(masterSalt, "masterSalt");
        return new SrtpReceiver(profile, SrtpKeyDerivation.forRtp(profile, masterKey, masterSalt),
                SrtpKeyDerivation.forRtcp(profile, masterKey, masterSalt), replayWindowSize, maxSsrcs);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Authenticates and decrypts the SRTP packet {@code buf[off, off+len)} in place.
     *
     * <p>Rejects, with {@link SrtpException} and without touching session state: packets shorter than a
     * header plus tag ({@link Reason#TOO_SHORT}), not version 2 or whose CSRCs or header extension run
     * into the tag ({@link Reason#MALFORMED_HEADER}), replays and packets behind the replay window
     * ({@link Reason#REPLAYED}, {@link Reason#TOO_OLD}), forgeries ({@link Reason#AUTH_FAILED}), and a
     * new SSRC beyond the cap ({@link Reason#TOO_MANY_SSRCS}). After a rejection the packet bytes are
     * unspecified (GCM may have overwritten them); drop the packet.
     *
     * @return the length of the plain RTP packet (tag removed)
     * @throws IllegalArgumentException if the view lies outside {@code buf} (a caller bug)
     */
    public int unprotectRtp(byte[] buf, int off, int len) throws SrtpException {
        PacketBytes.checkView(buf, off, len, 0);
        int tagLength = rtp.tagLength();
        if (len < RtpHeaderLength.FIXED + tagLength) {
            throw new SrtpException(Reason.TOO_SHORT, "SRTP packet shorter than header and tag");
        }
        int headerLength = RtpHeaderLength.of(buf, off, len - tagLength);
        if (headerLength == RtpHeaderLength.NOT_RTP) {
            throw new SrtpException(Reason.MALFORMED_HEADER, "not RTP version 2, or header runs into the tag");
        }
        int seq = PacketBytes.readUnsignedShort(buf, off + 2);
        int ssrc = PacketBytes.readInt(buf, off + 8);
        ReplayWindow window = rtpStreams.get(ssrc);
        long index;
        if (window == null) {
            checkRoomForNewSsrc(rtpStreams);
            index = seq; // RFC 3711 §3.3.1: ROC 0 for a new stream
        } else {
            index = PacketIndex.estimate(window.highest(), seq);
            if (index < 0) {
                throw new SrtpException(Reason.TOO_OLD, "SRTP packet older than the stream's first");
            }
            if (index > PacketIndex.MAX_RTP_INDEX) {
                throw new SrtpException(Reason.INDEX_EXHAUSTED, "SRTP rollover counter exhausted");
            }
            checkFresh(window, index);
        }
        int plainLength = rtp.openRtp(buf, off, headerLength, len, ssrc, index);
        accept(rtpStreams, window, ssrc, index);
        return plainLength;
    }

    /**
     * Authenticates the SRTCP packet {@code buf[off, off+len)} and decrypts it in place if its E flag is
     * set (RFC 3711 §3.4; RFC 7714 §9 for GCM).
     *
     * <p>Rejects as {@link #unprotectRtp} does: {@link Reason#TOO_SHORT} below 8 bytes plus
     * {@link SrtpProfile#rtcpOverhead()}, {@link Reason#MALFORMED_HEADER} if not version 2, and
     * replays, old packets, forgeries and SSRCs beyond the cap. After a rejection the packet bytes are
     * unspecified.
     *
     * @return the length of the plain RTCP compound packet (index and tag removed)
     * @throws IllegalArgumentException if the view lies outside {@code buf} (a caller bug)
     */
    public int unprotectRtcp(byte[] buf, int off, int len) throws SrtpException {
        PacketBytes.checkView(buf, off, len, 0);
        if (len < RTCP_HEADER + profile.rtcpOverhead()) {
            throw new SrtpException(Reason.TOO_SHORT, "SRTCP packet shorter than header, index and tag");
        }
        if ((buf[off] & 0xC0) != 0x80) {
            throw new SrtpException(Reason.MALFORMED_HEADER, "not RTCP version 2");
        }
        int ssrc = PacketBytes.readInt(buf, off + 4);
        int indexWord = PacketBytes.readInt(buf, off + rtcp.srtcpIndexOffset(len));
        boolean encrypted = indexWord < 0;
        int index = indexWord & PacketIndex.MAX_SRTCP_INDEX;
        ReplayWindow window = rtcpStreams.get(ssrc);
        if (window == null) {
            checkRoomForNewSsrc(rtcpStreams);
        } else {
            checkFresh(window, index);
        }
        int plainLength = rtcp.openRtcp(buf, off, len, ssrc, index, encrypted);
        accept(rtcpStreams, window, ssrc, index);
        return plainLength;
    }

    private static void checkRoomForNewSsrc(SsrcTable<ReplayWindow> streams) throws SrtpException {
        if (streams.isFull()) {
            throw new SrtpException(Reason.TOO_MANY_SSRCS, "SRTP receiver tracks its maximum of SSRCs");
        }
    }

    private static void checkFresh(ReplayWindow window, long index) throws SrtpException {
        int verdict = window.check(index);
        if (verdict == ReplayWindow.REPLAYED) {
            throw new SrtpException(Reason.REPLAYED, "SRTP index already received");
        }
        if (verdict == ReplayWindow.TOO_OLD) {
            throw new SrtpException(Reason.TOO_OLD, "SRTP index behind the replay window");
        }
    }

    private void accept(SsrcTable<ReplayWindow> streams, ReplayWindow known, int ssrc, long index) {
        ReplayWindow window = known;
        if (window == null) {
            window = new ReplayWindow(replayWindowSize);
            streams.putNew(ssrc, window);
        }
        window.accept(index);
    }
}
