package dev.parley.sfu.downlink;

import dev.parley.media.cc.SendSideBandwidthEstimator;
import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.time.MediaClock;
import dev.parley.sfu.TrackSource;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber's downlink bandwidth: the send-side estimate from its transport-cc feedback (with the
 * transport-wide numbering that needs), the layer each video subscription gets under it, the padding
 * probes that test for more, and the budget of retransmissions. Without transport-cc feedback there is no
 * estimate: every subscription gets the layer it wants. The downlink's media loop, but for
 * {@link #estimateBps()}, which any thread may read.
 */
final class DownlinkBandwidth {
    private static final Logger log = LoggerFactory.getLogger(DownlinkBandwidth.class);
    // Bounds of the estimate: TRTC's smallest small stream up to above its 4K profile.
    private static final long ESTIMATE_MIN_BPS = 50_000;
    private static final long ESTIMATE_MAX_BPS = 20_000_000;
    private static final long ESTIMATE_START_BPS = 2_000_000;
    private static final int SRTP_TAG_BYTES = 16;
    private static final int PADDING_PER_PACKET = 224; // libwebrtc's largest padding packet payload

    /** Where probe padding goes: the downlink's send path, which numbers it like media. */
    interface PaddingSender {
        void sendRtp(byte[] buf, int off, int len, int transportWideSeqAt);
    }

    private final MediaClock clock;
    private final String label;
    private final DownlinkProbe probe = new DownlinkProbe();
    private final long[] layerBps = new long[TrackSource.MAX_LAYERS];
    private final boolean[] layerActive = new boolean[TrackSource.MAX_LAYERS];
    private SendSideBandwidthEstimator estimator;
    private int transportWideId = -1;
    private int transportWideSeq;
    private long retransmitTokens;
    private long retransmitRefillNanos;
    private long lastPaddingMs = -1;
    /** The estimate as of the last feedback, for other threads (the SFU thread's counters). */
    private volatile long publishedEstimateBps = -1;

    DownlinkBandwidth(MediaClock clock, String label) {
        this.clock = clock;
        this.label = label;
    }

    /** The answer kept (or dropped) the transport-wide sequence number extension (draft-holmer-rmcat). */
    void transportWideAccepted(boolean kept) {
        if (kept && estimator == null) {
            estimator = new SendSideBandwidthEstimator(ESTIMATE_MIN_BPS, ESTIMATE_MAX_BPS, ESTIMATE_START_BPS);
            transportWideSeq = ThreadLocalRandom.current().nextInt(0x10000);
        }
        transportWideId = kept ? DownlinkOffer.TRANSPORT_WIDE_ID : -1;
        publishedEstimateBps = estimator != null ? estimator.estimateBps() : -1;
    }

    /** The extension id to stamp packets with, or -1 when nothing is measured. */
    int transportWideId() {
        return estimator != null ? transportWideId : -1;
    }

    /** Stamps the next transport-wide sequence number at {@code seqAt} and records the packet as sent. */
    void onSend(byte[] buf, int off, int len, int seqAt) {
        if (seqAt < 0 || estimator == null) {
            return;
        }
        int seq = transportWideSeq;
        transportWideSeq = (transportWideSeq + 1) & 0xFFFF;
        BigEndian.putUint16(buf, off + seqAt, seq);
        // The size the network carries: the SRTP tag is added by the transport (10 or 16 bytes).
        estimator.onPacketSent(seq, len + SRTP_TAG_BYTES, clock.micros(), probe.cluster(clock.millis()));
    }

    void onFeedback(TransportLayerCc feedback) {
        if (estimator != null) {
            estimator.onFeedback(feedback, clock.micros());
            publishedEstimateBps = estimator.estimateBps();
        }
    }

    /** The estimate (bits/s) as of the last feedback, or -1 when the subscriber gives none. Any thread. */
    long estimateBps() {
        return publishedEstimateBps;
    }

    /** RTT-spaced NACK answers: the downlink's round trip from its feedback, 20 ms..500 ms, 50 ms unknown. */
    long retransmitSpacingMs() {
        long rtt = estimator != null ? estimator.rttMicros() : -1;
        return rtt < 0 ? 50 : Math.max(20, Math.min(500, rtt / 1000));
    }

    /**
     * Retransmissions may use a quarter of the estimate (at least 100 kbit/s), in a bucket holding 200 ms
     * of it: recovery must not crowd out the media it recovers on a link already losing packets.
     */
    boolean mayRetransmit(int bytes) {
        if (estimator == null) {
            return true;
        }
        long now = clock.nanoTime();
        long rateBps = Math.max(100_000, estimator.estimateBps() / 4);
        long cap = rateBps / 8 / 5;
        if (retransmitRefillNanos != 0) {
            retransmitTokens = Math.min(cap, retransmitTokens + (now - retransmitRefillNanos) * rateBps / 8 / 1_000_000_000L);
        } else {
            retransmitTokens = cap;
        }
        retransmitRefillNanos = now;
        if (retransmitTokens < bytes) {
            return false;
        }
        retransmitTokens -= bytes;
        return true;
    }

    /**
     * Which simulcast layer each video subscription gets. Each takes the highest active layer up to the one
     * it wants (the big one unless setRemoteVideoStreamType asked for small) that fits in what the estimate
     * leaves after audio and the streams before it ({@link LayerChooser}: headroom up, hysteresis down).
     * When a subscription is held below what it wants, padding probes are scheduled ({@link DownlinkProbe}).
     */
    void allocateLayers(List<Subscription> subscriptions, boolean probesAllowed) {
        long now = clock.millis();
        long budget = estimator != null ? estimator.estimateBps() : Long.MAX_VALUE;
        long needed = 0;
        boolean constrained = false;
        for (Subscription s : subscriptions) {
            if (s.kind() == MediaKind.AUDIO) {
                long b = s.source().bitrateBps();
                budget -= b;
                needed += b;
            }
        }
        for (Subscription sub : subscriptions) {
            if (sub.kind() != MediaKind.VIDEO) {
                continue;
            }
            List<TrackSource> layers = sub.layers();
            int n = layers.size();
            for (int i = 0; i < n; i++) {
                layerBps[i] = layers.get(i).bitrateBps();
                layerActive[i] = layers.get(i).active(now);
            }
            int cap = sub.wantsSmall() ? 0 : n - 1;
            int wanted = LayerChooser.wanted(layerActive, cap, n);
            int chosen = sub.chooser().choose(layerBps, layerActive, n, cap, sub.targetLayer(), budget);
            if (chosen != sub.targetLayer()) {
                log.info("{}: {} video to layer {} ({} kbit/s; wanted layer {}, downlink estimate {} kbit/s)",
                        label, sub.streamId(), layers.get(chosen).rid(), layerBps[chosen] / 1000,
                        layers.get(wanted).rid(), estimateBps() / 1000);
            }
            sub.selectLayer(chosen);
            sub.keyframeTick(now);
            budget -= layerBps[chosen];
            needed += layerBps[wanted];
            constrained |= chosen < wanted;
        }
        if (estimator != null) {
            probe.consider(now, constrained && probesAllowed, needed);
        }
    }

    /**
     * Every 20 ms during a probe cluster: RTP padding on a video subscription's RTX stream (RFC 4588 with an
     * empty payload, as libwebrtc probes), stamped with transport-wide sequence numbers like any packet.
     */
    void sendProbePadding(List<Subscription> subscriptions, boolean connected, byte[] scratch, PaddingSender sender) {
        long now = clock.millis();
        long elapsed = lastPaddingMs < 0 ? 20 : Math.min(100, now - lastPaddingMs);
        lastPaddingMs = now;
        if (!connected || estimator == null || probe.cluster(now) < 0) {
            return;
        }
        Subscription carrier = null;
        long mediaBps = 0;
        for (Subscription s : subscriptions) {
            mediaBps += s.source().bitrateBps();
            if (s.kind() == MediaKind.VIDEO && s.rtxEnabled() && s.currentLayer() >= 0) {
                carrier = s;
            }
        }
        if (carrier == null) {
            return;
        }
        long bytes = probe.paddingBytes(now, elapsed, mediaBps);
        while (bytes > 0) {
            int padding = (int) Math.min(PADDING_PER_PACKET, Math.max(bytes, 32));
            int n = carrier.writePadding(scratch, padding, transportWideId);
            sender.sendRtp(scratch, 0, n, RtxEncapsulation.TRANSPORT_WIDE_SEQ_AT);
            bytes -= n;
        }
    }
}
