package dev.parley.sfu;

/**
 * What the media plane has done since start, summed over every uplink and downlink (open and closed), for
 * operations. The sessions keep plain fields on the SFU thread (no lock, no allocation per packet); a
 * snapshot is summed on that thread ({@code WebRtcMediaPlane.counters()}) and read anywhere after.
 */
public final class MediaCounters {
    /** Video packets the publishers were asked to resend (generic NACK, RFC 4585 §6.2.1). */
    public long upstreamNacks;
    /** Of those, the ones that arrived. */
    public long nackRecovered;
    /** Packets lost on the way from the publishers (RFC 3550 A.3 cumulative loss, per track). */
    public long packetsLost;
    /** Keyframes the publishers sent. */
    public long keyframesReceived;
    /** Keyframe requests (PLI, RFC 4585 §6.3.1) sent to publishers. */
    public long keyframeRequestsSent;
    /** PLIs and FIRs subscribers sent. */
    public long pictureLossReceived;
    /** NACK packets subscribers sent. */
    public long nacksReceived;
    /** Packets resent to subscribers on their NACKs (RTX, RFC 4588, or on the media SSRC). */
    public long retransmissionsSent;
    /** Simulcast layer switches completed. */
    public long layerSwitches;
    /** Uplink and downlink sessions open, and those whose transport is connected (ICE and DTLS done). */
    public long sessions;
    public long sessionsConnected;
    /** Open downlinks with a bandwidth estimate, and their estimates' sum, least and greatest (bits/s). */
    public long estimates;
    public long estimateSumBps;
    public long estimateMinBps;
    public long estimateMaxBps;

    /** Adds a downlink's current estimate (ignored when it has none, -1). */
    public void addEstimate(long bps) {
        if (bps < 0) {
            return;
        }
        estimateMinBps = estimates == 0 ? bps : Math.min(estimateMinBps, bps);
        estimateMaxBps = Math.max(estimateMaxBps, bps);
        estimateSumBps += bps;
        estimates++;
    }

    /** Adds the running totals of {@code o} (not its estimates, which are of open downlinks only). */
    public void addTotals(MediaCounters o) {
        upstreamNacks += o.upstreamNacks;
        nackRecovered += o.nackRecovered;
        packetsLost += o.packetsLost;
        keyframesReceived += o.keyframesReceived;
        keyframeRequestsSent += o.keyframeRequestsSent;
        pictureLossReceived += o.pictureLossReceived;
        nacksReceived += o.nacksReceived;
        retransmissionsSent += o.retransmissionsSent;
        layerSwitches += o.layerSwitches;
    }
}
