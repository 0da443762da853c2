package dev.parley.sfu.uplink;

import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.TrackSource;
import dev.parley.sfu.TrackSink;
import dev.parley.media.MalformedPacketException;
import dev.parley.media.codec.KeyframeDetector;
import dev.parley.media.codec.RedPayload;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.ReceptionReport;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtcp.TransportLayerNack;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One published audio or video track: what arrives from the publisher (stored for retransmission,
 * counted for receiver reports) and the sinks it fans out to: the SFU thread's own subscriptions, and one
 * hand-over per other media loop with subscriptions of it. SFU thread only, but for what
 * {@link TrackSource} lets other loops read.
 */
public final class UplinkTrack implements TrackSource {
    /** How a track sends RTCP toward its publisher, without knowing the session that owns it. */
    public interface PublisherFeedback {
        void send(RtcpPacket packet);

        /** Whether RTCP can reach the publisher now (its transport finished DTLS). */
        boolean connected();

        /** The SSRC Parley uses as the sender of its RTCP on this uplink. */
        long localSsrc();
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UplinkTrack.class);
    private static final int VIDEO_BUFFER_PACKETS = 1024;
    private static final int AUDIO_BUFFER_PACKETS = 128;
    private static final long KEYFRAME_REQUEST_INTERVAL_MS = 500;

    private final UplinkNegotiation.TrackSpec spec;
    private final String trackId;
    private final Clock clock;
    private final PublisherFeedback feedback;
    private final RetransmissionBuffer buffer;
    private final ReceiveStatistics stats;
    private long keyframesReceived;
    private long keyframeRequestsSent;
    private final KeyframeRequester keyframes;
    private final KeyframeDetector detector;
    private final List<TrackSink> sinks = new ArrayList<>();
    private final NackGenerator nacks = NackGenerator.forVideo();
    private final int[] nackScratch = new int[NackGenerator.MAX_PER_NACK];
    private final int audioLevelId;
    // RFC 2198 from the publisher: its RED payload type (-1 when not negotiated) and a view to check it with.
    private final int redPayloadType;
    private final int downlinkRedPayloadType;
    private final RedPayload redView;
    private long redPackets;
    private long redDropped;
    private long ssrc = -1;
    private long rtxSsrc = -1;
    // Simulcast (RFC 8853): this track is one layer of its section; "" and 0 when the section has one encoding.
    private final String rid;
    private final int layer;
    // Received media rate, for choosing layers under a subscriber's bandwidth (see #updateBitrate).
    private long bytesSinceRate;
    private long rateWindowStartMs = -1;
    // Read by subscriptions on other media loops (layer choice): written here only, read opaque there.
    private volatile long bitrateBps;
    private long lastPacketMs = Long.MIN_VALUE;
    private static final java.lang.invoke.VarHandle LAST_PACKET_MS;

    static {
        try {
            LAST_PACKET_MS = java.lang.invoke.MethodHandles.lookup().findVarHandle(UplinkTrack.class, "lastPacketMs",
                    long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public UplinkTrack(UplinkNegotiation.TrackSpec spec, String trackId, Clock clock, PublisherFeedback feedback) {
        this(spec, "", 0, trackId, clock, feedback);
    }

    /** One simulcast layer: {@code layer} 0 is the lowest quality, {@code rid} its RFC 8851 rid. */
    public UplinkTrack(UplinkNegotiation.TrackSpec spec, String rid, int layer, String trackId, Clock clock,
                   PublisherFeedback feedback) {
        this.rid = rid;
        this.layer = layer;
        this.spec = spec;
        this.trackId = trackId;
        this.clock = clock;
        this.feedback = feedback;
        boolean video = spec.kind() == MediaKind.VIDEO;
        this.buffer = new RetransmissionBuffer(video ? VIDEO_BUFFER_PACKETS : AUDIO_BUFFER_PACKETS);
        this.stats = new ReceiveStatistics(spec.codec().clockRate());
        this.keyframes = new KeyframeRequester(clock, KEYFRAME_REQUEST_INTERVAL_MS);
        this.detector = KeyframeDetector.forCodec(spec.codec().sdpName()).orElseThrow();
        this.audioLevelId = spec.kind() == MediaKind.AUDIO ? spec.audioLevelId().orElse(-1) : -1;
        this.redPayloadType = spec.kind() == MediaKind.AUDIO ? spec.redPayloadType().orElse(-1) : -1;
        this.redView = redPayloadType >= 0 ? new RedPayload() : null;
        this.downlinkRedPayloadType = spec.codec().downlinkRedPayloadType().orElse(-1);
        spec.ssrc().ifPresent(s -> ssrc = s);
        spec.rtxSsrc().ifPresent(s -> rtxSsrc = s);
    }

    @Override
    public MediaKind kind() {
        return spec.kind();
    }

    @Override
    public ForwardedCodec codec() {
        return spec.codec();
    }

    @Override
    public Codec offeredCodec() {
        return spec.offered();
    }

    UplinkNegotiation.TrackSpec spec() {
        return spec;
    }

    String trackId() {
        return trackId;
    }

    long ssrc() {
        return ssrc;
    }

    @Override
    public String rid() {
        return rid;
    }

    @Override
    public int layer() {
        return layer;
    }

    /**
     * Called every 100 ms: the received rate over the last ~500 ms window. A layer whose packets stopped (a
     * publisher under uplink pressure drops its top layer, libwebrtc does) reads 0 after a window.
     */
    void updateBitrate(long nowMs) {
        if (rateWindowStartMs < 0) {
            rateWindowStartMs = nowMs;
            return;
        }
        long elapsed = nowMs - rateWindowStartMs;
        if (elapsed >= 500) {
            long measured = bytesSinceRate * 8000 / elapsed;
            // Smoothed, but quick to follow a change: a layer switch decision lives on this number.
            long previous = bitrateBps;
            bitrateBps = measured == 0 ? 0 : previous == 0 ? measured : (previous + measured) / 2;
            bytesSinceRate = 0;
            rateWindowStartMs = nowMs;
        }
    }

    /** The received media bitrate (bits/s, payload plus RTP header), 0 before a measurement or when idle. */
    @Override
    public long bitrateBps() {
        return bitrateBps;
    }

    /** Whether media arrived in the last second: an inactive layer is never chosen for a subscriber. */
    @Override
    public boolean active(long nowMs) {
        long last = (long) LAST_PACKET_MS.getOpaque(this);
        return last != Long.MIN_VALUE && nowMs - last < 1000;
    }

    long rtxSsrc() {
        return rtxSsrc;
    }

    /** Binds an SSRC seen on the wire (offers without a=ssrc lines, e.g. Firefox's). */
    public void learnSsrc(long seen, boolean rtx) {
        if (rtx) {
            rtxSsrc = seen;
        } else {
            ssrc = seen;
        }
    }

    @Override
    public void addSink(TrackSink sink) {
        sinks.add(sink);
    }

    @Override
    public void removeSink(TrackSink sink) {
        sinks.remove(sink);
    }

    boolean hasSinks() {
        return !sinks.isEmpty();
    }

    /** Sinks fed now (tests). */
    public List<TrackSink> sinks() {
        return sinks;
    }

    /** The uplink closed: every sink lets go of this track. */
    void close() {
        for (TrackSink sink : List.copyOf(sinks)) {
            sink.onSourceClosed(this);
        }
    }

    /**
     * An RTP packet from the publisher. {@code rtx}: it is an RFC 4588 retransmission whose payload starts
     * with the original sequence number.
     */
    // ~60 lines on purpose: the per-packet path of a published track in the order it runs (RTX unwrap,
    // duplicates, store, RED normalising, NACK bookkeeping, fan-out), with no call to hide the cost.
    public void onRtp(RtpPacket p, boolean rtx) {
        int seq = p.sequenceNumber();
        byte[] src = p.buffer();
        int payloadOff = p.payloadOffset();
        int payloadLen = p.payloadLength();
        long now = clock.millis();
        if (rtx) {
            if (payloadLen < 2) {
                return; // RTX padding (bandwidth probing): nothing to forward
            }
            seq = ((src[payloadOff] & 0xFF) << 8) | (src[payloadOff + 1] & 0xFF); // RFC 4588 §4: OSN
            payloadOff += 2;
            payloadLen -= 2;
        } else {
            stats.onPacket(seq, p.timestamp(), now);
            bytesSinceRate += p.length();
            if (payloadLen > 0) {
                LAST_PACKET_MS.setOpaque(this, now); // padding alone (a sender probing bandwidth) does not make a layer active
            }
        }
        if (spec.kind() == MediaKind.VIDEO) {
            nacks.onPacket(seq, now); // a hole seen here is NACKed by sendDueNacks(); a retransmission fills it
        }
        if (buffer.contains(seq) || payloadLen + RtpPacket.FIXED_HEADER_LENGTH > RetransmissionBuffer.SLOT_BYTES) {
            return; // a duplicate, or larger than any WebRTC packet
        }
        byte[] slot = buffer.slot(seq);
        // Normalised form: V=2, no padding/extension/CSRC; marker, payload type, timestamp kept.
        slot[0] = (byte) 0x80;
        slot[1] = (byte) ((p.marker() ? 0x80 : 0) | spec.codec().downlinkPayloadType());
        slot[2] = (byte) (seq >>> 8);
        slot[3] = (byte) seq;
        long ts = p.timestamp();
        slot[4] = (byte) (ts >>> 24);
        slot[5] = (byte) (ts >>> 16);
        slot[6] = (byte) (ts >>> 8);
        slot[7] = (byte) ts;
        System.arraycopy(src, payloadOff, slot, RtpPacket.FIXED_HEADER_LENGTH, payloadLen);
        int len = RtpPacket.FIXED_HEADER_LENGTH + payloadLen;
        if (redPayloadType >= 0 && downlinkRedPayloadType >= 0 && p.payloadType() == redPayloadType) {
            len = normaliseRed(slot, payloadLen);
            if (len < 0) {
                redDropped++;
                return; // not RED a subscriber could decode: dropped, as a lost packet
            }
            if (redPackets++ == 0) {
                log.info("{}: the publisher sends RED (RFC 2198, payload type {})", trackId, redPayloadType);
            }
        }
        // RFC 6464 §3: the level byte travels beside the normalised packet; subscriptions that negotiated the
        // extension re-emit it (RFC 8285 §4.2), the others never see it.
        int level = audioLevelId >= 0 ? AudioLevel.read(p, audioLevelId) : -1;
        buffer.commit(seq, len, level);
        boolean keyframeStart = detector.isKeyframe(src, payloadOff, payloadLen)
                && detector.isStartOfFrame(src, payloadOff, payloadLen);
        if (keyframeStart && spec.kind() == MediaKind.VIDEO) {
            keyframes.keyframeReceived();
            keyframesReceived++;
        }
        for (int i = 0; i < sinks.size(); i++) {
            sinks.get(i).forward(this, slot, len, seq, ts, keyframeStart, level, now);
        }
    }

    /**
     * An RFC 2198 packet in {@code slot}: kept as RED on the downlink's RED payload type, its blocks renamed
     * from the publisher's Opus payload type to the downlink's, when every block is the publisher's Opus
     * (what {@code a=fmtp:63 111/111} promised); reduced to its primary block as plain Opus (timestamp
     * unchanged: RFC 2198 §3, the primary's timestamp is the header's) when only the primary is.
     *
     * @return the normalised packet's length, or -1 when it is malformed or carries no Opus primary
     */
    private int normaliseRed(byte[] slot, int payloadLen) {
        int h = RtpPacket.FIXED_HEADER_LENGTH;
        try {
            redView.wrap(slot, h, payloadLen);
        } catch (MalformedPacketException e) {
            return -1;
        }
        int opus = spec.payloadType();
        int marker = slot[1] & 0x80;
        if (redView.allBlocksOfType(opus)) {
            redView.rewritePayloadTypes(opus, spec.codec().downlinkPayloadType());
            slot[1] = (byte) (marker | downlinkRedPayloadType);
            return h + payloadLen;
        }
        int primaryLen = redView.primaryLength();
        if (redView.primaryPayloadType() != opus || primaryLen == 0) {
            return -1;
        }
        System.arraycopy(slot, redView.primaryOffset(), slot, h, primaryLen);
        slot[1] = (byte) (marker | spec.codec().downlinkPayloadType());
        return h + primaryLen;
    }

    void onSenderReport(SenderReport sr) {
        stats.onSenderReport(sr.ntpTimestamp(), clock.millis());
        for (int i = 0; i < sinks.size(); i++) {
            sinks.get(i).onSenderReport(this, sr.ntpTimestamp(), sr.rtpTimestamp());
        }
    }

    /**
     * A subscriber (or a new subscription) needs a keyframe; merged per interval. While the publisher's
     * transport is not connected the request is kept pending rather than spent on a PLI that cannot leave.
     */
    @Override
    public void requestKeyframe() {
        if (spec.kind() != MediaKind.VIDEO) {
            return;
        }
        if (ssrc < 0 || !feedback.connected()) {
            keyframes.defer();
        } else if (keyframes.request()) {
            feedback.send(new PictureLossIndication(feedback.localSsrc(), ssrc));
            keyframeRequestsSent++;
        }
    }

    /** Frequent (100 ms) work: a deferred keyframe request that is now due. */
    public void sendDueKeyframeRequest() {
        if (spec.kind() == MediaKind.VIDEO && ssrc >= 0 && feedback.connected() && keyframes.due()) {
            feedback.send(new PictureLossIndication(feedback.localSsrc(), ssrc));
            keyframeRequestsSent++;
        }
    }

    /**
     * Frequent (20 ms) work: a generic NACK (RFC 4585 §6.2.1) for the video packets the publisher should
     * resend now; the publisher answers with RTX (RFC 4588) which {@link #onRtp} forwards as late packets.
     */
    public void sendDueNacks() {
        if (spec.kind() != MediaKind.VIDEO || ssrc < 0 || !feedback.connected()) {
            return;
        }
        int n = nacks.collectDue(clock.millis(), nackScratch);
        if (n > 0) {
            feedback.send(TransportLayerNack.of(feedback.localSsrc(), ssrc, Arrays.copyOf(nackScratch, n)));
        }
    }

    /** RFC 2198 packets received and forwarded (as RED, or as their Opus primary). */
    public long redPackets() {
        return redPackets;
    }

    /** RFC 2198 packets dropped: malformed, or without an Opus primary. */
    public long redDropped() {
        return redDropped;
    }

    /** Upstream loss recovery counters (see {@link NackGenerator}). */
    /** Adds this track's running totals (SFU thread). */
    void addTo(dev.parley.sfu.MediaCounters c) {
        c.upstreamNacks += nacks.nacked();
        c.nackRecovered += nacks.recovered();
        c.packetsLost += Math.max(0, stats.cumulativeLost());
        c.keyframesReceived += keyframesReceived;
        c.keyframeRequestsSent += keyframeRequestsSent;
    }

    public NackGenerator nacks() {
        return nacks;
    }

    /** This track's reception report for the publisher (RFC 3550 §6.4.2), or null before any packet. */
    ReceptionReport receptionReport() {
        if (!stats.started() || ssrc < 0) {
            return null;
        }
        return new ReceptionReport(ssrc, stats.fractionLostAndAdvance(), stats.cumulativeLost(),
                stats.extendedHighestSeq(), stats.jitter() & 0xFFFFFFFFL, stats.lastSrNtpMiddle(),
                stats.delaySinceLastSr(clock.millis()));
    }

    @Override
    public int storedLength(int seq) {
        return buffer.length(seq);
    }

    @Override
    public int storedAudioLevel(int seq) {
        return buffer.audioLevel(seq);
    }

    @Override
    public byte[] stored(int seq) {
        return buffer.stored(seq);
    }

    @Override
    public int copyStored(int seq, byte[] dest) {
        return buffer.copy(seq, dest);
    }
}
