package dev.parley.sfu.downlink;

import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.time.MediaClock;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.media.transport.WebRtcTransport;
import dev.parley.sfu.TrackSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The media half of a downlink ({@link DownlinkSession}): its subscriptions as they forward, the transport-wide
 * numbering and bandwidth estimate that choose their layers and pace their retransmissions, and the probes.
 * Runs on the media loop the downlink's transport sends from; the negotiation half hands it work there as
 * tasks and reads only what is published ({@link #estimateBps}, {@link #connected}). It is the subscriptions'
 * {@link Subscription.Downstream}: what they send is stamped and recorded here and protected and sent by the
 * transport from this loop.
 */
final class DownlinkMedia implements Subscription.Downstream {
    private final WebRtcTransport transport;
    private final MediaClock clock;
    private final DownlinkBandwidth bandwidth;
    /** Runs what only the SFU thread may do (SRTCP); a plain call when this half runs there too. */
    private final Executor sfuThread;
    private final boolean onSfuThread;
    private final List<Subscription> forwarding = new ArrayList<>();
    private final byte[] scratch = new byte[TrackSource.SLOT_BYTES + DownlinkExtensions.MAX_BLOCK
            + RtxEncapsulation.OVERHEAD + UdpPortMux.HEADROOM];
    /** Set at the start, before any work reaches this half (loss-recovery benchmarks turn it off). */
    private volatile boolean rtxAllowed = true;
    private volatile boolean closed; // written here, read by both halves

    DownlinkMedia(WebRtcTransport transport, MediaClock clock, Executor sfuThread, boolean onSfuThread) {
        this.transport = transport;
        this.clock = clock;
        this.bandwidth = new DownlinkBandwidth(clock, transport.label());
        this.sfuThread = sfuThread;
        this.onSfuThread = onSfuThread;
    }

    void allowRtx(boolean allowed) {
        rtxAllowed = allowed;
    }

    /** A subscription of this downlink (not yet active): it takes part in the layer choice from now on. */
    void add(Subscription s) {
        forwarding.add(s);
    }

    /** A subscription ended: it lets go of its tracks. */
    void remove(Subscription s) {
        s.detach();
        forwarding.remove(s);
    }

    void transportWideAccepted(boolean kept) {
        bandwidth.transportWideAccepted(kept);
    }

    void onFeedback(TransportLayerCc feedback) {
        bandwidth.onFeedback(feedback);
    }

    /** The subscriber's NACK for {@code s}, answered within the downlink's retransmission budget and spacing. */
    void onNack(Subscription s, int[] lostOutSeqs) {
        s.onNack(lostOutSeqs, clock.millis(), bandwidth.retransmitSpacingMs());
    }

    /** A stream type change: the subscription's layer choice starts over, at once. */
    void wantSmall(Subscription s, boolean small) {
        s.wantSmall(small);
        s.resetChooser();
        allocateLayers();
    }

    /** Every 100 ms (and on a stream-type change): the layer each video subscription gets (DownlinkBandwidth). */
    void allocateLayers() {
        if (!closed) {
            bandwidth.allocateLayers(forwarding, rtxAllowed);
        }
    }

    /** Every 20 ms: padding while a bandwidth probe runs. */
    void sendProbePadding() {
        if (!closed) {
            bandwidth.sendProbePadding(forwarding, connected(), scratch, this::sendRtp);
        }
    }

    /** The downlink closed: every subscription lets go of its tracks, and nothing more is sent. */
    void close() {
        closed = true;
        for (Subscription s : forwarding) {
            s.detach();
        }
        forwarding.clear();
    }

    /** The estimate (bits/s) as of the last feedback, or -1 without transport-cc feedback. Any thread. */
    long estimateBps() {
        return bandwidth.estimateBps();
    }

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        transport.sendRtp(buf, off, len);
    }

    /** Stamps the transport-wide sequence number and records the packet for the estimator, then sends. */
    @Override
    public void sendRtp(byte[] buf, int off, int len, int transportWideSeqAt) {
        bandwidth.onSend(buf, off, len, transportWideSeqAt);
        transport.sendRtp(buf, off, len);
    }

    @Override
    public boolean mayRetransmit(int bytes) {
        return bandwidth.mayRetransmit(bytes);
    }

    @Override
    public int transportWideId() {
        return bandwidth.transportWideId();
    }

    /** A subscription's sender report: SRTCP and the path are the SFU thread's, so it is sent from there. */
    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        if (onSfuThread) {
            transport.sendRtcp(buf, off, len);
            return;
        }
        byte[] copy = new byte[len + UdpPortMux.HEADROOM];
        System.arraycopy(buf, off, copy, 0, len);
        sfuThread.execute(() -> transport.sendRtcp(copy, 0, len));
    }

    @Override
    public byte[] scratch() {
        return scratch;
    }

    /** Whether packets can reach the subscriber now. Any thread: the transport's state is published. */
    @Override
    public boolean connected() {
        return !closed && transport.isConnected();
    }
}
