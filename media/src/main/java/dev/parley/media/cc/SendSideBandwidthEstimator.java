package dev.parley.media.cc;

import dev.parley.media.rtcp.TransportLayerCc;

/**
 * Estimates the bandwidth available towards one receiver from the transport-cc feedback it sends
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01), in the manner of Google Congestion Control
 * (draft-ietf-rmcat-gcc-02): the SFU records every packet it sends with its transport-wide sequence
 * number, feeds each feedback packet back in, and reads a target bitrate to choose layers by.
 *
 * <ul>
 *   <li>Delay-based (§5): packets grouped into 5 ms send bursts ({@link InterGroupDelay}), the trend
 *       of the inter-group delay variation ({@link TrendlineFilter}), an over-use detector with an
 *       adaptive threshold ({@link OveruseDetector}) and AIMD rate control ({@link AimdRateControl}),
 *       bounded by the acknowledged bitrate ({@link #ackedBitrateBps()}).
 *   <li>Loss-based (§6): {@link LossBasedControl}.
 *   <li>Probes: padding sent with a probe cluster id measures a rate above the estimate
 *       ({@link ProbeClusters}); a valid result raises the delay-based estimate at once unless the
 *       detector sees over-use.
 *   <li>The target is {@code min(delay-based, loss-based)}, within [min, max] (§7).
 * </ul>
 *
 * <p>Feedback is untrusted input: unknown, old, duplicated or reordered sequence numbers, feedback
 * for packets never sent, arrival times that jump or run backwards and a wrapping reference time are
 * all tolerated (ignored, or the delay measurement starts over); nothing throws, and the history of
 * sent packets is a fixed ring ({@link SentPacketHistory}). Feedback arrival times are in the
 * receiver's clock and only their differences are used; {@code nowMicros} and send times are in the
 * sender's clock.
 *
 * <p>Allocation-free after construction. Not thread-safe: one owner thread (the subscriber
 * transport's event loop) calls everything.
 */
public final class SendSideBandwidthEstimator {
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: the reference time is 24 bits of 64 ms. */
    private static final int REFERENCE_TIME_BITS = 24;
    private static final long MAX_RTT_MICROS = 10_000_000;
    private static final double RTT_SMOOTHING = 0.125;

    private final long minBps;
    private final long maxBps;
    private final SentPacketHistory history = new SentPacketHistory();
    private final InterGroupDelay interGroup = new InterGroupDelay();
    private final TrendlineFilter trendline = new TrendlineFilter();
    private final OveruseDetector detector = new OveruseDetector();
    private final AimdRateControl delayBased;
    private final LossBasedControl lossBased;
    private final AckedBitrate acked = new AckedBitrate();
    private final ProbeClusters probes = new ProbeClusters();
    private final TransportLayerCc.PacketVisitor reportVisitor = this::onPacketReport;

    private long estimate;
    private boolean hasReferenceTime;
    private int lastReferenceTime;
    private long unwrappedReferenceTime;
    /** Added to a feedback's arrival times to put them on one continuous receiver timeline. */
    private long arrivalShiftMicros;
    private boolean receivedInFeedback;
    private long newestAckedSendMicros;
    private long rttMicros = -1;
    private boolean rttFromReports;

    /**
     * @param minBps   the lowest target ever returned (> 0)
     * @param maxBps   the highest (≥ minBps)
     * @param startBps the target before any feedback, clamped to [minBps, maxBps]
     * @throws IllegalArgumentException if the bounds are not {@code 0 < min <= max}
     */
    public SendSideBandwidthEstimator(long minBps, long maxBps, long startBps) {
        if (minBps <= 0 || maxBps < minBps) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + minBps + ", " + maxBps);
        }
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.delayBased = new AimdRateControl(minBps, maxBps, startBps);
        this.lossBased = new LossBasedControl(minBps, maxBps);
        this.estimate = delayBased.bps();
    }

    /**
     * Records one sent RTP packet (media, RTX or padding). Allocation-free.
     *
     * @param transportSeq   its transport-wide sequence number (16 bits, wrapping)
     * @param sizeBytes      its size on the wire (RTP header and payload at least)
     * @param sendTimeMicros when it was sent, sender clock
     * @param probeClusterId the probe cluster it belongs to, or -1 if it is not a probe
     */
    public void onPacketSent(int transportSeq, int sizeBytes, long sendTimeMicros, int probeClusterId) {
        history.add(transportSeq & 0xFFFF, sizeBytes, sendTimeMicros, probeClusterId);
        if (probeClusterId >= 0) {
            probes.onSent(probeClusterId, sendTimeMicros);
        }
    }

    /** Round-trip time measured elsewhere (RTCP receiver reports); replaces the feedback-based one. */
    public void onRtt(long rttMicros) {
        if (rttMicros > 0 && rttMicros <= MAX_RTT_MICROS) {
            this.rttMicros = rttMicros;
            this.rttFromReports = true;
            delayBased.setRtt(rttMicros);
            lossBased.setRtt(rttMicros);
        }
    }

    /**
     * Processes one transport-cc feedback packet received at {@code nowMicros} (sender clock).
     * Allocation-free; never throws for any feedback content.
     */
    public void onFeedback(TransportLayerCc feedback, long nowMicros) {
        if (feedback == null) {
            return;
        }
        alignReferenceTime(feedback.referenceTime());
        receivedInFeedback = false;
        newestAckedSendMicros = Long.MIN_VALUE;
        feedback.forEachPacket(reportVisitor);
        acked.update();
        if (receivedInFeedback) {
            updateRtt(nowMicros);
            updateDelayBased(nowMicros);
        }
        lossBased.update(nowMicros, estimate);
        estimate = Math.max(minBps, Math.min(maxBps, Math.min(delayBased.bps(), lossBased.bps())));
    }

    /**
     * Unwraps the 24-bit reference time (draft §3.1: it wraps every 2^24 × 64 ms) against the previous
     * feedback's, so arrival times of successive feedback packets lie on one timeline.
     */
    private void alignReferenceTime(int referenceTime) {
        if (!hasReferenceTime) {
            hasReferenceTime = true;
            unwrappedReferenceTime = referenceTime;
        } else {
            int shift = Integer.SIZE - REFERENCE_TIME_BITS;
            int delta = ((referenceTime - lastReferenceTime) << shift) >> shift;
            unwrappedReferenceTime += delta;
        }
        lastReferenceTime = referenceTime;
        arrivalShiftMicros = (unwrappedReferenceTime - referenceTime) * TransportLayerCc.REFERENCE_TIME_MICROS;
    }

    private void onPacketReport(int seq, long arrivalMicros) {
        int slot = history.find(seq);
        if (slot < 0) {
            return; // never sent, or too old to remember
        }
        byte state = history.state(slot);
        int cluster = history.cluster(slot);
        if (arrivalMicros == TransportLayerCc.NOT_RECEIVED) {
            if (state == SentPacketHistory.UNREPORTED) {
                history.setState(slot, SentPacketHistory.REPORTED_LOST);
                lossBased.onReported(false);
                if (cluster >= 0) {
                    probes.onReported(cluster, false, 0, 0, 0);
                }
            }
            return;
        }
        if (state == SentPacketHistory.RECEIVED) {
            return; // duplicate report
        }
        if (state == SentPacketHistory.REPORTED_LOST) {
            lossBased.onRecovered();
            if (cluster >= 0) {
                probes.onRecovered(cluster);
            }
        } else {
            lossBased.onReported(true);
        }
        history.setState(slot, SentPacketHistory.RECEIVED);
        onAcked(slot, cluster, arrivalMicros + arrivalShiftMicros);
    }

    private void onAcked(int slot, int cluster, long arrival) {
        long send = history.sendTime(slot);
        int size = history.size(slot);
        receivedInFeedback = true;
        newestAckedSendMicros = Math.max(newestAckedSendMicros, send);
        acked.add(arrival, size);
        if (cluster >= 0) {
            probes.onReported(cluster, true, send, arrival, size);
        }
        if (interGroup.add(send, arrival)) {
            double sendDeltaMs = interGroup.sendDeltaMicros() / 1000.0;
            double variationMs = (interGroup.arrivalDeltaMicros() - interGroup.sendDeltaMicros()) / 1000.0;
            double modified = trendline.update(variationMs, interGroup.groupArrivalMicros());
            detector.detect(modified, trendline.trend(), sendDeltaMs, interGroup.groupArrivalMicros(),
                    trendline.deltaCount());
        }
        if (interGroup.takeReset()) {
            trendline.reset();
            detector.reset();
        }
    }

    /** Without RTCP reports, the RTT is approximated by the age of the newest acknowledged packet. */
    private void updateRtt(long nowMicros) {
        if (rttFromReports) {
            return;
        }
        long sample = Math.max(0, Math.min(MAX_RTT_MICROS, nowMicros - newestAckedSendMicros));
        rttMicros = rttMicros < 0 ? sample : (long) ((1 - RTT_SMOOTHING) * rttMicros + RTT_SMOOTHING * sample);
        delayBased.setRtt(rttMicros);
        lossBased.setRtt(rttMicros);
    }

    private void updateDelayBased(long nowMicros) {
        BandwidthUsage usage = detector.state();
        long ackedBps = acked.bps();
        long probe = probes.takeResult();
        if (usage == BandwidthUsage.OVERUSING) {
            if (delayBased.timeToReduceFurther(nowMicros, ackedBps)) {
                delayBased.update(usage, ackedBps, nowMicros);
            }
        } else if (probe > 0 && (probe > delayBased.bps() || probe > lossBased.bps())) {
            if (probe > delayBased.bps()) {
                delayBased.setEstimate(probe, nowMicros); // a probe got through: jump there
            }
            lossBased.onProbeResult(probe);
        } else {
            delayBased.update(usage, ackedBps, nowMicros);
        }
    }

    /** Current target bitrate, bits/s, within [minBps, maxBps]. */
    public long estimateBps() {
        return estimate;
    }

    /** Bitrate the receiver got over the last half second by feedback (bits/s), 0 until known. */
    public long ackedBitrateBps() {
        return acked.bps();
    }

    /** Loss fraction 0..1 over the last complete loss window (at least 20 packets and 0.5 s). */
    public double lossFraction() {
        return lossBased.lossFraction();
    }

    /** The delay-based detector's current conclusion. */
    public BandwidthUsage usage() {
        return detector.state();
    }

    /** The delay-based part of the estimate (bits/s), for logs. */
    public long delayBasedBps() {
        return delayBased.bps();
    }

    /** The loss-based part of the estimate (bits/s), for logs; the maximum until losses were seen. */
    public long lossBasedBps() {
        return lossBased.bps();
    }

    /** Round-trip time in µs: from {@link #onRtt}, else approximated from feedback; -1 until known. */
    public long rttMicros() {
        return rttMicros;
    }
}
