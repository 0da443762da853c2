package dev.parley.sfu.uplink;

import dev.parley.sfu.MediaPlane;
import dev.parley.sfu.TrackSource;
import dev.parley.media.MalformedPacketException;
import dev.parley.media.cc.ReceiveSideEstimate;
import dev.parley.media.cc.TransportWideFeedback;
import dev.parley.media.rtcp.ReceiverEstimatedMaxBitrate;
import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.ReceptionReport;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.SdesRtpStreamId;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.transport.WebRtcTransport;
import dev.parley.media.time.MediaClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher's uplink: its WebRTC transport and the tracks it carries. Incoming RTP is matched to a
 * track by SSRC, or — the first time an SSRC is seen — by payload type, which BUNDLE makes unique per
 * section (RFC 8843 §9.1). SFU thread only.
 */
public final class UplinkSession implements MediaPlane.Uplink, WebRtcTransport.Listener, UplinkTrack.PublisherFeedback {
    private static final Logger log = LoggerFactory.getLogger(UplinkSession.class);
    // REMB fallback bounds (ReceiveSideEstimate)
    private static final long REMB_MIN_BPS = 100_000;
    private static final long REMB_MAX_BPS = 10_000_000; // above every TRTC profile (4K: 9 Mbit/s)
    private static final long REMB_START_BPS = 300_000; // libwebrtc's default start bitrate

    private final WebRtcTransport transport;
    private String answerSdp;
    private final MediaClock clock;
    private final List<UplinkTrack> tracks = new ArrayList<>();
    private final Map<Integer, UplinkTrack> byPayloadType = new HashMap<>();
    private int learnedSsrcs;
    private final MediaPlane.DeathListener death;
    private final Runnable onClose;
    private final RtpPacket view = new RtpPacket();
    private final long localSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
    private final byte[] rtcpOut = new byte[1500 + dev.parley.media.transport.UdpPortMux.HEADROOM];
    private boolean closed;
    // Congestion feedback toward the publisher (UplinkCongestionFeedback): one of the two, or neither.
    private final TransportWideFeedback transportWideFeedback;
    private final int transportWideCcId;
    private final ReceiveSideEstimate receiveSideEstimate;

    public UplinkSession(WebRtcTransport transport, UplinkNegotiation.Result negotiated, String streamLabel, MediaClock clock,
                  MediaPlane.DeathListener death, Runnable onClose) {
        this.clock = clock;
        this.transport = transport;
        this.answerSdp = negotiated.answer().write();
        this.death = death;
        this.onClose = onClose;
        UplinkCongestionFeedback congestion = negotiated.congestion();
        this.transportWideCcId = congestion.transportWideCcId().orElse(-1);
        this.transportWideFeedback = congestion.kind() == UplinkCongestionFeedback.Kind.TRANSPORT_CC
                ? new TransportWideFeedback(localSsrc) : null;
        this.receiveSideEstimate = congestion.kind() == UplinkCongestionFeedback.Kind.REMB
                ? new ReceiveSideEstimate(REMB_MIN_BPS, REMB_MAX_BPS, REMB_START_BPS) : null;
        for (UplinkNegotiation.TrackSpec spec : negotiated.tracks()) {
            String kind = spec.kind() == MediaKind.AUDIO ? "audio" : "video";
            if (spec.simulcast().isPresent()) {
                List<String> rids = spec.simulcast().get().rids();
                for (int i = 0; i < rids.size(); i++) {
                    tracks.add(new UplinkTrack(spec, rids.get(i), i, streamLabel + "-" + kind + "-" + rids.get(i),
                            clock, this));
                }
                log.info("{}: simulcast video, layers {} (lowest first)", transport.label(), rids);
            } else {
                tracks.add(new UplinkTrack(spec, streamLabel + "-" + kind, clock, this));
            }
            // A payload type names the section; with simulcast, the rid of the packet then names the layer.
            UplinkTrack section = tracks.get(tracks.size() - 1);
            byPayloadType.put(spec.payloadType(), section);
            spec.rtxPayloadType().ifPresent(pt -> byPayloadType.put(pt, section));
            spec.redPayloadType().ifPresent(pt -> byPayloadType.put(pt, section));
        }
    }

    @Override
    public String answerSdp() {
        return answerSdp;
    }

    @Override
    public String restartIce(dev.parley.media.sdp.SessionDescription offer) throws dev.parley.sfu.NegotiationException {
        if (closed) {
            throw new dev.parley.sfu.NegotiationException("the uplink is closed");
        }
        int sections = answerSdp.split("\r\nm=", -1).length - 1;
        if (offer.media().size() != sections) {
            throw new dev.parley.sfu.NegotiationException("an ICE restart offer must keep the " + sections
                    + " sections of the published stream (it has " + offer.media().size() + ")");
        }
        dev.parley.media.stun.IceCredentials fresh = transport.restartIce();
        answerSdp = dev.parley.sfu.IceRestartSdp.withCredentials(answerSdp, fresh);
        return answerSdp;
    }

    @Override
    public boolean hasAudio() {
        return track(MediaKind.AUDIO) != null;
    }

    @Override
    public boolean hasVideo() {
        return track(MediaKind.VIDEO) != null;
    }

    /** The track of this kind (its lowest simulcast layer), or null. */
    /** The first layer of the track of {@code kind}, or null. */
    UplinkTrack track(MediaKind kind) {
        for (UplinkTrack t : tracks) {
            if (t.kind() == kind) {
                return t;
            }
        }
        return null;
    }

    @Override
    public List<TrackSource> layers(MediaKind kind) {
        List<TrackSource> out = new ArrayList<>(TrackSource.MAX_LAYERS);
        for (UplinkTrack t : tracks) {
            if (t.kind() == kind) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public void onConnected(WebRtcTransport t) {
        // Subscribers that are already waiting need a keyframe now that media can flow.
        for (UplinkTrack track : tracks) {
            if (track.hasSinks()) {
                track.requestKeyframe();
            }
        }
    }

    @Override
    public void onRtp(WebRtcTransport t, byte[] buf, int off, int len) {
        try {
            view.wrap(buf, off, len);
        } catch (MalformedPacketException e) {
            return;
        }
        recordArrival(len);
        long ssrc = view.ssrc();
        UplinkTrack track = trackBySsrc(ssrc);
        if (track == null) {
            track = byPayloadType.get(view.payloadType());
            if (track == null || learnedSsrcs >= 16) {
                return; // not a negotiated payload type, or an SSRC flood
            }
            OptionalInt rtxType = track.spec().rtxPayloadType();
            boolean rtx = rtxType.isPresent() && view.payloadType() == rtxType.getAsInt(); // not RED (RFC 2198)
            if (track.spec().simulcast().isPresent()) {
                track = simulcastLayer(track.spec().simulcast().get(), rtx);
                if (track == null) {
                    return; // no (known) rid on this packet: which layer it is cannot be told yet
                }
            }
            track.learnSsrc(ssrc, rtx);
            learnedSsrcs++;
            log.debug("{}: learned {} SSRC {} for {}", transport.label(), rtx ? "RTX" : "media", ssrc,
                    track.trackId());
        }
        track.onRtp(view, ssrc == track.rtxSsrc());
    }

    /**
     * RFC 8852 §3: the layer a packet of a new SSRC belongs to, by its RtpStreamId (or, for RTX, its
     * RepairedRtpStreamId); null when the packet carries none or an unknown one.
     */
    private UplinkTrack simulcastLayer(UplinkNegotiation.SimulcastSpec sc, boolean rtx) {
        int id = rtx ? sc.repairedRidExtensionId().orElse(-1) : sc.ridExtensionId();
        if (id < 0) {
            return null;
        }
        for (int i = 0; i < tracks.size(); i++) {
            UplinkTrack t = tracks.get(i);
            if (!t.rid().isEmpty() && SdesRtpStreamId.matches(view, id, t.rid())) {
                return t;
            }
        }
        return null;
    }

    /**
     * Every RTP packet of the transport counts for congestion control, probes and unknown SSRCs included:
     * the sender's estimator accounts for all it sent. Arrival times come from a monotonic clock (a wall
     * clock step would look like a queue to the sender's delay-based estimator).
     */
    private void recordArrival(int len) {
        if (transportWideFeedback != null) {
            int seq = TransportWideSequenceNumber.read(view, transportWideCcId);
            if (seq >= 0) {
                transportWideFeedback.onPacket(seq, clock.micros());
            }
        } else if (receiveSideEstimate != null) {
            receiveSideEstimate.onPacket(len, clock.micros());
        }
    }

    /** At most two tracks per uplink: a scan beats a map and boxes no SSRC on the packet path. */
    private UplinkTrack trackBySsrc(long ssrc) {
        for (int i = 0; i < tracks.size(); i++) {
            UplinkTrack t = tracks.get(i);
            if (t.ssrc() == ssrc || t.rtxSsrc() == ssrc) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void onRtcp(WebRtcTransport t, byte[] buf, int off, int len) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCompound.parse(buf, off, len);
        } catch (MalformedPacketException e) {
            return;
        }
        for (RtcpPacket p : packets) {
            if (p instanceof SenderReport sr) {
                UplinkTrack track = trackBySsrc(sr.ssrc());
                if (track != null && sr.ssrc() == track.ssrc()) {
                    track.onSenderReport(sr);
                }
            }
        }
    }

    @Override
    public void onClosed(WebRtcTransport t, String reason) {
        if (!closed) {
            death.onDead(reason);
        }
    }

    /** Every 100 ms: keyframe requests deferred by the merge interval or by a connection not yet up. */
    public void sendDueKeyframeRequests() {
        if (closed || !transport.isConnected()) {
            return;
        }
        for (UplinkTrack track : tracks) {
            track.sendDueKeyframeRequest();
        }
    }

    /** Every 100 ms: each track's (layer's) received bitrate, for the subscribers' layer choice. */
    public void updateBitrates(long nowMs) {
        for (int i = 0; i < tracks.size(); i++) {
            tracks.get(i).updateBitrate(nowMs);
        }
    }

    /** Every 20 ms: NACKs for holes in what the publisher sent. */
    public void sendDueNacks() {
        if (closed || !transport.isConnected()) {
            return;
        }
        for (int i = 0; i < tracks.size(); i++) {
            tracks.get(i).sendDueNacks();
        }
    }

    /**
     * Every 100 ms: transport-wide CC feedback for what arrived since the last tick (libwebrtc sends it
     * every 50-250 ms depending on the bitrate; 100 ms is within that range at any bitrate).
     */
    public void sendTransportWideFeedback() {
        if (transportWideFeedback == null || closed || !transport.isConnected()) {
            return;
        }
        UplinkTrack video = track(MediaKind.VIDEO);
        long mediaSsrc = video != null && video.ssrc() >= 0 ? video.ssrc() : 0;
        transportWideFeedback.flush(mediaSsrc, this::send);
    }

    /** Once a second: receiver reports for the publisher (RFC 3550 §6.4.2), and REMB if negotiated. */
    public void sendReceiverReports() {
        if (closed || !transport.isConnected()) {
            return;
        }
        List<ReceptionReport> reports = new ArrayList<>(2);
        for (UplinkTrack track : tracks) {
            ReceptionReport r = track.receptionReport();
            if (r != null) {
                reports.add(r);
            }
        }
        if (!reports.isEmpty()) {
            send(new ReceiverReport(localSsrc, reports));
            sendReceiverEstimatedMaxBitrate(reports);
        }
    }

    /** REMB (draft-alvestrand-rmcat-remb-03) with the estimate for the whole uplink and its media SSRCs. */
    private void sendReceiverEstimatedMaxBitrate(List<ReceptionReport> reports) {
        if (receiveSideEstimate == null) {
            return;
        }
        int worstFractionLost = 0;
        List<Long> ssrcs = new ArrayList<>(reports.size());
        for (ReceptionReport r : reports) {
            worstFractionLost = Math.max(worstFractionLost, r.fractionLost());
            ssrcs.add(r.ssrc());
        }
        long bps = receiveSideEstimate.update(clock.micros(), worstFractionLost / 256.0);
        send(ReceiverEstimatedMaxBitrate.of(localSsrc, bps, ssrcs));
    }

    @Override
    public void send(RtcpPacket packet) {
        int n = packet.write(rtcpOut, 0);
        transport.sendRtcp(rtcpOut, 0, n);
    }

    @Override
    public boolean connected() {
        return !closed && transport.isConnected();
    }

    @Override
    public long localSsrc() {
        return localSsrc;
    }

    List<UplinkTrack> tracks() {
        return tracks;
    }

    /** Adds this uplink's running totals (SFU thread). */
    public void addTo(dev.parley.sfu.MediaCounters c) {
        for (UplinkTrack track : tracks) {
            track.addTo(c);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (UplinkTrack track : tracks) {
            if (track.kind() == MediaKind.VIDEO) {
                NackGenerator n = track.nacks();
                log.info("{}: {} upstream NACKs sent, {} holes filled, {} abandoned", transport.label(), n.nacked(),
                        n.recovered(), n.abandoned());
            } else if (track.spec().redPayloadType().isPresent()) {
                log.info("{}: {} audio packets arrived as RED (RFC 2198), {} malformed ones dropped", transport.label(),
                        track.redPackets(), track.redDropped());
            }
            track.close();
        }
        transport.close();
        onClose.run();
    }
}
