package dev.parley.sfu.downlink;

import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.TrackSource;
import dev.parley.sfu.TrackSink;
import dev.parley.media.MalformedPacketException;
import dev.parley.media.codec.RedPayload;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpSequenceNumbers;
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
 * the decoder sees one gap-free stream whatever the layer. SFU thread only.
 */
final class Subscription implements TrackSink {
    /** Where a subscription's packets go: the subscriber's downlink, without knowing its class. */
    interface Downstream {
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
    private final Vp8Continuity vp8Continuity = new Vp8Continuity();
    private boolean active;
    // The layer forwarded now (null before the first keyframe) and the one wanted (equal unless switching).
    private TrackSource current;
    private TrackSource target;
    private int seqOffset;
    private long tsOffset;
    private long highestInExt;
    private long firstInExt;
    // What the subscriber last saw, to continue from on a layer switch.
    private int lastOutSeq;
    private long lastOutTs;
    private long lastOutMs;
    private int segmentFirstOutSeq;
    private long layerSwitches;
    private static final long KEYFRAME_RETRY_MS = 1000;
    private long waitingSinceMs = -1;
    private final RetransmissionLimiter limiter = new RetransmissionLimiter();
    private long packetsSent;
    private long octetsSent;
    // RFC 4588 toward the subscriber, once its answer accepted the RTX format; -1 while it did not.
    private final long rtxSsrc;
    private int rtxPayloadType = -1;
    private int rtxSeq;
    private long retransmissions;
    // RFC 6464 toward the subscriber: the downlink extmap id its answer kept, or -1 (no extension written).
    private int audioLevelId = -1;
    // RFC 2198 toward the subscriber: stored RED packets go as they are where its answer kept the downlink's RED
    // format, and are cut to their primary (plain Opus) where it did not. -1: the codec has no RED.
    private final int redPayloadType;
    private final int primaryPayloadType;
    private final RedPayload redView;
    private boolean redEnabled;

    Subscription(TrackSource source, String streamId, String trackId, Downstream sink) {
        this(List.of(source), streamId, trackId, sink);
    }

    /** @param layers the track's simulcast layers, lowest quality first (one for a plain track) */
    Subscription(List<TrackSource> layers, String streamId, String trackId, Downstream sink) {
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
        this.redPayloadType = target.codec().downlinkRedPayloadType().orElse(-1);
        this.primaryPayloadType = target.codec().downlinkPayloadType();
        this.redView = redPayloadType >= 0 ? new RedPayload() : null;
        this.ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        long r;
        do {
            r = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        } while (r == ssrc);
        this.rtxSsrc = r;
        this.rtxSeq = ThreadLocalRandom.current().nextInt(0x10000);
    }

    /** The SSRC of this subscription's RTX stream (offered with {@code a=ssrc-group:FID}, video only). */
    long rtxSsrc() {
        return rtxSsrc;
    }

    /** The subscriber accepted RTX with this payload type: retransmit as RFC 4588 packets from now on. */
    void enableRtx(int payloadType) {
        rtxPayloadType = payloadType;
    }

    /**
     * The subscriber's answer kept {@code a=extmap:<id> urn:ietf:params:rtp-hdrext:ssrc-audio-level}: from now
     * on packets carry the publisher's level in a one-byte-header extension (RFC 8285 §4.2), ids 1..14.
     */
    void enableAudioLevel(int id) {
        if (id < 1 || id > 14) {
            throw new IllegalArgumentException("one-byte header extension id must be 1..14: " + id);
        }
        audioLevelId = id;
    }

    /**
     * The subscriber's answer kept the downlink's {@code red/48000/2} format (RFC 2198 §5): RED packets from a
     * publisher that sends them are forwarded whole from now on, with their redundant blocks.
     */
    void enableRed() {
        redEnabled = redPayloadType >= 0;
    }

    /** The answer did not keep RED (or a later one dropped it): only each RED packet's primary is sent. */
    void disableRed() {
        redEnabled = false;
    }

    boolean redEnabled() {
        return redEnabled;
    }

    /** A later answer dropped the extension: packets go without it again. */
    void disableAudioLevel() {
        audioLevelId = -1;
    }

    boolean audioLevelEnabled() {
        return audioLevelId > 0;
    }

    boolean rtxEnabled() {
        return rtxPayloadType >= 0;
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
    void activate() {
        if (!active) {
            active = true;
            target.addSink(this);
            if (sink.connected()) {
                target.requestKeyframe();
            }
        }
    }

    @Override
    public void onSourceClosed(TrackSource from) {
        detach();
    }

    void detach() {
        active = false;
        target.removeSink(this);
        if (current != null && current != target) {
            current.removeSink(this);
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
            target.removeSink(this); // a switch that had not happened yet is abandoned
        }
        target = wanted;
        if (active && wanted != current) {
            wanted.addSink(this);
            wanted.requestKeyframe();
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
            target.requestKeyframe();
        }
    }

    /** The subscriber lost the picture (PLI/FIR): a keyframe of the layer it is getting, or going to get. */
    void requestKeyframe() {
        target.requestKeyframe();
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
            // Unwrapped against the newest packet, not the first: a stream outlives half the sequence space.
            long ext = highestInExt + RtpSequenceNumbers.distance((int) highestInExt, inSeq);
            if (ext < firstInExt) {
                return; // older than where this layer started for this subscription
            }
            if (ext <= highestInExt) {
                count(send(packet, len, inSeq, inTs, audioLevel)); // late (reordered or retransmitted upstream)
                return;
            }
            highestInExt = ext;
        }
        count(send(packet, len, inSeq, inTs, audioLevel));
        lastOutSeq = (inSeq + seqOffset) & 0xFFFF;
        lastOutTs = (inTs + tsOffset) & 0xFFFFFFFFL;
        lastOutMs = nowMs;
        if (vp8) {
            vp8Continuity.commitNewest();
        }
    }

    /**
     * Starts forwarding {@code layer} at the packet given (its keyframe's first packet, for video). The first
     * start picks random bases (RFC 3550 §5.1); a switch continues right after what the subscriber last got:
     * the next sequence number, a timestamp advanced by the wallclock time since (layers have unrelated
     * timestamp bases), and for VP8 the next PictureID and TL0PICIDX.
     */
    private void switchTo(TrackSource layer, byte[] packet, int len, int inSeq, long inTs, long nowMs) {
        TrackSource previous = current;
        current = layer;
        highestInExt = 0x10000L + inSeq; // extended numbers stay positive even for older packets
        firstInExt = highestInExt;
        if (previous == null) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            seqOffset = r.nextInt(0x10000) - inSeq;
            tsOffset = r.nextLong(0x100000000L) - inTs;
        } else {
            seqOffset = lastOutSeq + 1 - inSeq;
            long elapsed = Math.max(1, (nowMs - lastOutMs) * clockRate / 1000);
            tsOffset = lastOutTs + elapsed - inTs;
            if (vp8) {
                vp8Continuity.onSwitch(packet, RtpPacket.FIXED_HEADER_LENGTH, len - RtpPacket.FIXED_HEADER_LENGTH);
            }
            previous.removeSink(this);
            layerSwitches++;
        }
        segmentFirstOutSeq = (inSeq + seqOffset) & 0xFFFF;
    }

    /** RFC 3550 §6.4.1: the sender's packet and payload octet counts, for its sender reports. */
    private void count(int payloadBytes) {
        if (payloadBytes >= 0) {
            packetsSent++;
            octetsSent += payloadBytes;
        }
    }

    /**
     * Rewrites the normalised packet for this subscriber and sends it.
     *
     * @return the payload bytes sent, or -1 when nothing was (a RED packet without a primary to send)
     */
    private int send(byte[] packet, int len, int inSeq, long inTs, int audioLevel) {
        byte[] out = sink.scratch();
        int h = RtpPacket.FIXED_HEADER_LENGTH;
        int payloadOff = h;
        int payloadLen = len - h;
        boolean toPrimary = redPayloadType >= 0 && !redEnabled && (packet[1] & 0x7F) == redPayloadType;
        if (toPrimary) {
            // RFC 2198 §3: the primary is the last block; its timestamp is the header's, so only the payload
            // type and payload change. The publication checked the packet; this cannot fail but is not trusted.
            try {
                redView.wrap(packet, h, len - h);
            } catch (MalformedPacketException e) {
                return -1;
            }
            payloadOff = redView.primaryOffset();
            payloadLen = redView.primaryLength();
            if (payloadLen == 0) {
                return -1;
            }
        }
        int transportWideId = sink.transportWideId();
        boolean level = audioLevelId > 0 && audioLevel >= 0;
        int ext = DownlinkExtensions.length(level, transportWideId > 0);
        System.arraycopy(packet, 0, out, 0, h);
        System.arraycopy(packet, payloadOff, out, h + ext, payloadLen);
        if (toPrimary) {
            out[1] = (byte) ((out[1] & 0x80) | primaryPayloadType);
        }
        int seqAt = -1;
        if (ext > 0) {
            out[0] = (byte) (out[0] | 0x10); // RFC 3550 §5.1: X
            seqAt = DownlinkExtensions.write(out, h, level ? audioLevelId : -1, audioLevel, transportWideId);
        }
        int n = h + ext + payloadLen;
        int seq = (inSeq + seqOffset) & 0xFFFF;
        long ts = (inTs + tsOffset) & 0xFFFFFFFFL;
        BigEndian.putUint16(out, 2, seq);
        BigEndian.putUint32(out, 4, ts);
        BigEndian.putUint32(out, 8, ssrc);
        if (vp8) {
            vp8Continuity.rewrite(out, h + ext, n - h - ext);
        }
        sink.sendRtp(out, 0, n, seqAt);
        return payloadLen;
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
            if (RtpSequenceNumbers.distance(segmentFirstOutSeq, outSeq & 0xFFFF) < 0) {
                continue;
            }
            if (minSpacingMs > 0 && !limiter.allow(outSeq & 0xFFFF, nowMs, minSpacingMs)) {
                continue;
            }
            int inSeq = (outSeq - seqOffset) & 0xFFFF;
            int len = current.storedLength(inSeq);
            if (len > 0 && sink.mayRetransmit(len)) {
                byte[] stored = current.stored(inSeq);
                long inTs = ((stored[4] & 0xFFL) << 24) | ((stored[5] & 0xFFL) << 16) | ((stored[6] & 0xFFL) << 8)
                        | (stored[7] & 0xFFL);
                retransmissions++;
                if (rtxPayloadType >= 0) {
                    resendAsRtx(stored, len, inTs, outSeq & 0xFFFF);
                } else {
                    send(stored, len, inSeq, inTs, current.storedAudioLevel(inSeq));
                }
            }
        }
    }

    private void resendAsRtx(byte[] stored, int len, long inTs, int osn) {
        byte[] out = sink.scratch();
        int transportWideId = sink.transportWideId();
        int n = RtxEncapsulation.write(stored, len, out, rtxPayloadType, rtxSeq, (inTs + tsOffset) & 0xFFFFFFFFL,
                rtxSsrc, osn, transportWideId);
        rtxSeq = (rtxSeq + 1) & 0xFFFF;
        if (vp8) {
            int payload = RtpPacket.FIXED_HEADER_LENGTH + DownlinkExtensions.length(false, transportWideId > 0)
                    + RtxEncapsulation.OVERHEAD;
            vp8Continuity.rewrite(out, payload, n - payload);
        }
        sink.sendRtp(out, 0, n, transportWideId > 0 ? RtxEncapsulation.TRANSPORT_WIDE_SEQ_AT : -1);
    }

    /**
     * Writes a padding-only RTX packet into {@code out} (RFC 3550 §5.1 padding, RFC 4588 stream, no OSN: it
     * repairs nothing) for bandwidth probing; {@code padding} is 1..255 bytes. Only when RTX is enabled.
     *
     * @return the packet's length; its transport-wide sequence number (if any) goes at
     *         {@link RtxEncapsulation#TRANSPORT_WIDE_SEQ_AT}
     */
    int writePadding(byte[] out, int padding, int transportWideId) {
        if (rtxPayloadType < 0 || padding < 1 || padding > 255) {
            throw new IllegalStateException("padding needs RTX and 1..255 bytes");
        }
        int n = RtxEncapsulation.writePadding(out, rtxPayloadType, rtxSeq, lastOutTs, rtxSsrc, padding, transportWideId);
        rtxSeq = (rtxSeq + 1) & 0xFFFF;
        return n;
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
        SenderReport sr = new SenderReport(ssrc, ntp, (rtpTs + tsOffset) & 0xFFFFFFFFL,
                packetsSent & 0xFFFFFFFFL, octetsSent & 0xFFFFFFFFL, List.of());
        byte[] out = sink.scratch();
        int n = sr.write(out, 0);
        sink.sendRtcp(out, 0, n);
    }
}
