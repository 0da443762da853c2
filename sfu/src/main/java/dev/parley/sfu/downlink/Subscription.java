package dev.parley.sfu.downlink;

import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.TrackSource;
import dev.parley.sfu.TrackSink;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.sdp.MediaKind;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One subscriber's copy of one published track (mediasoup's Consumer): rewrites SSRC, sequence number and
 * timestamp so the subscriber sees one continuous stream of its own, starts video at a keyframe, answers
 * NACKs from the publication's buffer and translates the publisher's sender reports (so lip sync holds).
 *
 * <p>A simulcast track has several layers (one {@link TrackSource} each, lowest quality first). The
 * subscription forwards one of them and moves to another only at that layer's keyframe, continuing the
 * subscriber's sequence numbers and timestamps, and (VP8) its PictureID and TL0PICIDX (RFC 7741 §4.2), so
 * the decoder sees one gap-free stream whatever the layer.
 *
 * <p>Threading: a subscription runs on its downlink's media loop (the SFU thread for a downlink sent from the
 * first loop), reaching its tracks through a {@link SourceAccess}; it is created on the SFU thread, and
 * there only its fixed identity (SSRCs, ids, kind), what an answer switches on ({@link #enableRtx},
 * {@link #enableAudioLevel}, {@link #enableRed}: volatile) and its counters are touched.
 */
// Just over ~400 lines on purpose: the forwarder's state across layer switches (which layer, its keyframe
// wait, NACK answers) reads as one machine; the per-packet rewrite is already SubscriberRewriter.
public final class Subscription implements TrackSink {
    /** Where a subscription's packets go: the subscriber's downlink, without knowing its class. */
    public interface Downstream {
        /** Protects and sends; {@code buf} has headroom for the SRTP tag. */
        void sendRtp(byte[] buf, int off, int len);

        /**
         * As {@link #sendRtp(byte[], int, int)}; {@code transportWideSeqAt} is where the packet has room for a
         * transport-wide sequence number for the sink to fill in, or -1.
         */
        default void sendRtp(byte[] buf, int off, int len, int transportWideSeqAt) {
            sendRtp(buf, off, len);
        }

        void sendRtcp(byte[] buf, int off, int len);

        /** A reusable buffer of {@code RetransmissionBuffer.SLOT_BYTES} plus extension and SRTP headroom. */
        byte[] scratch();

        /** Whether packets can reach the subscriber now (its downlink finished DTLS). */
        boolean connected();

        /** Whether a retransmission of {@code bytes} fits the downlink's budget now (and takes it). */
        default boolean mayRetransmit(int bytes) {
            return true;
        }

        /** The transport-wide sequence number extension id the subscriber accepted (1..14), or -1. */
        default int transportWideId() {
            return -1;
        }
    }

    /** Bytes the RFC 8285 §4.2 block with one audio-level element adds: 4 header + 1 + 1 + 2 padding. */
    static final int AUDIO_LEVEL_BLOCK = 8;

    private final List<TrackSource> layers;
    private final String streamId;
    private final String trackId;
    private final long ssrc;
    private final Downstream sink;
    private final int clockRate;
    private final boolean vp8;
    private final Vp8Continuity vp8Continuity;
    private final SubscriberRewriter rewriter;
    private final SourceAccess sources;
    /** Which layer fits the downlink's estimate (DownlinkBandwidth): hysteresis across allocations. */
    private LayerChooser chooser = new LayerChooser();
    /** A stored packet copied for a NACK's answer (allocated at the first NACK). */
    private byte[] nackCopy;
    /** TRTC's setRemoteVideoStreamType('small'): the subscriber wants the lowest layer. */
    private boolean smallWanted;
    private boolean active;
    // The layer forwarded now (null before the first keyframe) and the one wanted (equal unless switching).
    private TrackSource current;
    private TrackSource target;
    private final OutputNumbering numbering;
    // What the subscriber last saw, to continue from on a layer switch.
    private volatile long layerSwitches; // written here only, read by the SFU thread's counters
    private static final long KEYFRAME_RETRY_MS = 1000;
    private long waitingSinceMs = -1;
    private final RetransmissionLimiter limiter = new RetransmissionLimiter();
    private long packetsSent;
    private long octetsSent;
    // RFC 4588 toward the subscriber, once its answer accepted the RTX format; -1 while it did not.
    private final RtxStream rtx;
    private volatile long retransmissions; // written here only, read by the SFU thread's counters
    // RFC 6464 toward the subscriber: the downlink extmap id its answer kept, or -1 (no extension written).
    // RFC 2198 toward the subscriber: stored RED packets go as they are where its answer kept the downlink's RED
    // format, and are cut to their primary (plain Opus) where it did not. -1: the codec has no RED.
    private final RedPrimary red;

    public Subscription(TrackSource source, String streamId, String trackId, Downstream sink) {
        this(List.of(source), streamId, trackId, sink);
    }

    /** @param layers the track's simulcast layers, lowest quality first (one for a plain track) */
    public Subscription(List<TrackSource> layers, String streamId, String trackId, Downstream sink) {
        this(layers, streamId, trackId, sink, SourceAccess.DIRECT);
    }

    /** @param sources how the tracks are reached from the thread this subscription runs on */
    public Subscription(List<TrackSource> layers, String streamId, String trackId, Downstream sink,
                        SourceAccess sources) {
        this.sources = sources;
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs a track");
        }
        this.layers = List.copyOf(layers);
        this.target = this.layers.get(this.layers.size() - 1); // TRTC: the big stream unless asked otherwise
        this.streamId = streamId;
        this.trackId = trackId;
        this.sink = sink;
        this.clockRate = target.codec().clockRate();
        this.vp8 = target.codec() == ForwardedCodec.VP8;
        this.red = new RedPrimary(target.codec().downlinkRedPayloadType().orElse(-1),
                target.codec().downlinkPayloadType());
        this.numbering = new OutputNumbering(clockRate);
        this.vp8Continuity = vp8 ? new Vp8Continuity() : null;
        this.ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        this.rtx = new RtxStream(ssrc);
        this.rewriter = new SubscriberRewriter(sink, ssrc, numbering, red, vp8Continuity, rtx);
    }

    boolean wantsSmall() {
        return smallWanted;
    }

    void wantSmall(boolean small) {
        smallWanted = small;
    }

    LayerChooser chooser() {
        return chooser;
    }

    /** A new wish (a stream type change): the layer choice starts over, without the old hysteresis. */
    void resetChooser() {
        chooser = new LayerChooser();
    }

    /** The SSRC of this subscription's RTX stream (offered with {@code a=ssrc-group:FID}, video only). */
    long rtxSsrc() {
        return rtx.ssrc();
    }

    /** The subscriber accepted RTX with this payload type: retransmit as RFC 4588 packets from now on. */
    void enableRtx(int payloadType) {
        rtx.enable(payloadType);
    }

    /**
     * The subscriber's answer kept {@code a=extmap:<id> urn:ietf:params:rtp-hdrext:ssrc-audio-level}: from now
     * on packets carry the publisher's level in a one-byte-header extension (RFC 8285 §4.2), ids 1..14.
     */
    void enableAudioLevel(int id) {
        if (id < 1 || id > 14) {
            throw new IllegalArgumentException("one-byte header extension id must be 1..14: " + id);
        }
        rewriter.audioLevelId(id);
    }

    /**
     * The subscriber's answer kept the downlink's {@code red/48000/2} format (RFC 2198 §5): RED packets from a
     * publisher that sends them are forwarded whole from now on, with their redundant blocks.
     */
    void enableRed() {
        red.kept(true);
    }

    /** The answer did not keep RED (or a later one dropped it): only each RED packet's primary is sent. */
    void disableRed() {
        red.kept(false);
    }

    boolean redEnabled() {
        return red.kept();
    }

    /** A later answer dropped the extension: packets go without it again. */
    void disableAudioLevel() {
        rewriter.audioLevelId(-1);
    }

    boolean audioLevelEnabled() {
        return rewriter.audioLevelId() > 0;
    }

    boolean rtxEnabled() {
        return rtx.enabled();
    }

    /** Packets resent in answer to the subscriber's NACKs. */
    long retransmissions() {
        return retransmissions;
    }

    /** The layer forwarded now, or before the first keyframe the layer waited for. */
    TrackSource source() {
        return current != null ? current : target;
    }

    /** The track's simulcast layers, lowest first (one for a plain track). */
    List<TrackSource> layers() {
        return layers;
    }

    /** The layer forwarded now, or -1 before the first keyframe. */
    int currentLayer() {
        return current == null ? -1 : current.layer();
    }

    /** The layer this subscription is switching to (equal to {@link #currentLayer()} when settled). */
    int targetLayer() {
        return target.layer();
    }

    /** Layer switches completed (each at a keyframe of the new layer). */
    long layerSwitches() {
        return layerSwitches;
    }

    String streamId() {
        return streamId;
    }

    String trackId() {
        return trackId;
    }

    long ssrc() {
        return ssrc;
    }

    MediaKind kind() {
        return target.kind();
    }

    /**
     * The subscriber has answered the offer containing this track: start forwarding. The keyframe is
     * requested now only if the downlink is connected; otherwise the downlink asks when it connects, so
     * the keyframe is not spent before it can be delivered.
     */
    public void activate() {
        if (!active) {
            active = true;
            sources.addSink(target, this);
            if (sink.connected()) {
                sources.requestKeyframe(target);
            }
        }
    }

    @Override
    public void onSourceClosed(TrackSource from) {
        detach();
    }

    void detach() {
        if (!active) {
            return;
        }
        active = false;
        sources.removeSink(target, this);
        if (current != null && current != target) {
            sources.removeSink(current, this);
        }
    }

    /**
     * Wants layer {@code index} (clamped to the layers there are). The switch happens at that layer's next
     * keyframe, which is requested now; until then the current layer keeps flowing.
     */
    void selectLayer(int index) {
        TrackSource wanted = layers.get(Math.max(0, Math.min(layers.size() - 1, index)));
        if (wanted == target) {
            return;
        }
        if (active && target != current) {
            sources.removeSink(target, this); // a switch that had not happened yet is abandoned
        }
        target = wanted;
        if (active && wanted != current) {
            sources.addSink(wanted, this);
            sources.requestKeyframe(wanted);
        }
    }

    /**
     * Every 100 ms: while video waits for a keyframe (to start, or to switch layers), the request is repeated
     * once a second. A sender may ignore a request that comes right after a keyframe (libwebrtc does within
     * a few hundred ms), and nothing else would ask again.
     */
    void keyframeTick(long nowMs) {
        if (!active || target.kind() != MediaKind.VIDEO || target == current) {
            waitingSinceMs = -1;
            return;
        }
        if (waitingSinceMs < 0) {
            waitingSinceMs = nowMs;
        } else if (nowMs - waitingSinceMs >= KEYFRAME_RETRY_MS) {
            waitingSinceMs = nowMs;
            sources.requestKeyframe(target);
        }
    }

    /** The subscriber lost the picture (PLI/FIR): a keyframe of the layer it is getting, or going to get. */
    void requestKeyframe() {
        sources.requestKeyframe(target);
    }

    /**
     * A normalised packet from layer {@code from} (see {@link RetransmissionBuffer}); {@code audioLevel} is
     * its RFC 6464 §3 byte, or -1.
     */
    @Override
    public void forward(TrackSource from, byte[] packet, int len, int inSeq, long inTs, boolean keyframeStart,
                 int audioLevel, long nowMs) {
        if (from != current) {
            // A decoder cannot start mid-GOP: the first packet of a layer is the first of its keyframe.
            boolean startsHere = from == target && sink.connected()
                    && (from.kind() != MediaKind.VIDEO || keyframeStart);
            if (!startsHere) {
                return;
            }
            switchTo(from, packet, len, inSeq, inTs, nowMs);
        } else {
            switch (numbering.classify(inSeq)) {
                case BEFORE_START -> {
                    return; // older than where this layer started for this subscription
                }
                case LATE -> {
                    count(rewriter.send(packet, len, inSeq, inTs, audioLevel)); // reordered or retransmitted upstream
                    return;
                }
                case NEWEST -> { }
            }
        }
        count(rewriter.send(packet, len, inSeq, inTs, audioLevel));
        numbering.sentNewest(inSeq, inTs, nowMs);
        if (vp8) {
            vp8Continuity.commitNewest();
        }
    }

    /**
     * Starts forwarding {@code layer} at the packet given (its keyframe's first packet, for video), the
     * subscriber's numbering continuing ({@link OutputNumbering}), and for VP8 its PictureID and TL0PICIDX.
     */
    private void switchTo(TrackSource layer, byte[] packet, int len, int inSeq, long inTs, long nowMs) {
        TrackSource previous = current;
        current = layer;
        numbering.start(previous == null, inSeq, inTs, nowMs);
        if (previous != null) {
            if (vp8) {
                vp8Continuity.onSwitch(packet, RtpPacket.FIXED_HEADER_LENGTH, len - RtpPacket.FIXED_HEADER_LENGTH);
            }
            sources.removeSink(previous, this);
            layerSwitches++;
        }
    }

    /** RFC 3550 §6.4.1: the sender's packet and payload octet counts, for its sender reports. */
    private void count(int payloadBytes) {
        if (payloadBytes >= 0) {
            packetsSent++;
            octetsSent += payloadBytes;
        }
    }

    /**
     * RFC 4585 §6.2.1: resend what the subscriber lost, if the publication still has it — as RTX
     * (RFC 4588) when negotiated, else again on the media SSRC. Only packets of the layer forwarded now can
     * be found: earlier sequence numbers belonged to another layer's numbering.
     */
    void onNack(int[] lostOutSeqs) {
        onNack(lostOutSeqs, 0, 0);
    }

    /**
     * As {@link #onNack(int[])}, each packet resent at most {@link RetransmissionLimiter#MAX_RESENDS} times
     * and no sooner than {@code minSpacingMs} after its previous copy, and only while the downlink's
     * retransmission budget allows ({@link Downstream#mayRetransmit}).
     */
    void onNack(int[] lostOutSeqs, long nowMs, long minSpacingMs) {
        if (current == null) {
            return;
        }
        for (int outSeq : lostOutSeqs) {
            if (!numbering.inCurrentSegment(outSeq)) {
                continue;
            }
            if (minSpacingMs > 0 && !limiter.mayResend(outSeq & 0xFFFF, nowMs, minSpacingMs)) {
                continue;
            }
            int inSeq = numbering.inSeq(outSeq);
            if (nackCopy == null) {
                nackCopy = new byte[TrackSource.SLOT_BYTES];
            }
            int copied = current.copyStored(inSeq, nackCopy);
            int len = copied < 0 ? -1 : TrackSource.copiedLength(copied);
            if (len > 0 && sink.mayRetransmit(len)) {
                if (minSpacingMs > 0) {
                    limiter.resent(outSeq & 0xFFFF, nowMs);
                }
                byte[] stored = nackCopy;
                long inTs = ((stored[4] & 0xFFL) << 24) | ((stored[5] & 0xFFL) << 16) | ((stored[6] & 0xFFL) << 8)
                        | (stored[7] & 0xFFL);
                retransmissions++;
                if (rtx.enabled()) {
                    rewriter.resendAsRtx(stored, len, inTs, outSeq & 0xFFFF);
                } else {
                    rewriter.send(stored, len, inSeq, inTs, TrackSource.copiedAudioLevel(copied));
                }
            }
        }
    }

    /** A padding-only packet on the RTX stream, for bandwidth probing ({@link RtxStream#writePadding}). */
    int writePadding(byte[] out, int padding, int transportWideId) {
        return rtx.writePadding(out, numbering.lastOutTs(), padding, transportWideId);
    }

    /**
     * The publisher's SR for layer {@code from}, translated to this subscription's SSRC and timestamp base
     * (RFC 3550 §6.4.1), so the subscriber can map audio and video of one stream onto the same wallclock.
     */
    @Override
    public void onSenderReport(TrackSource from, long ntp, long rtpTs) {
        if (from != current) {
            return;
        }
        SenderReport sr = new SenderReport(ssrc, ntp, numbering.outTs(rtpTs),
                packetsSent & 0xFFFFFFFFL, octetsSent & 0xFFFFFFFFL, List.of());
        byte[] out = sink.scratch();
        int n = sr.write(out, 0);
        sink.sendRtcp(out, 0, n);
    }
}
