package dev.parley.sfu.downlink;

import dev.parley.sfu.MediaPlane;
import dev.parley.sfu.NegotiationException;
import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.WebRtcSdp;
import dev.parley.sfu.TrackSource;
import dev.parley.media.MalformedPacketException;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.rtcp.FullIntraRequest;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtcp.TransportLayerNack;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.sdp.Setup;
import dev.parley.media.transport.WebRtcTransport;
import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.time.MediaClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A subscriber's single downlink connection. The server offers; each (un)subscription renegotiates.
 * DownlinkSections are never rejected: an unsubscribed section becomes {@code a=inactive} and is reused by the
 * next subscription of its kind, so the transport survives the last unsubscription.
 *
 * <p>Threading: two halves. This class is the negotiation half (sections, offers, answers, DTLS start, the
 * RTCP its transport decrypts), on the SFU thread. The media half ({@link DownlinkMedia}: the subscriptions'
 * forwarding, the bandwidth estimate and layer choice, NACK answers, probes) runs on the media loop its
 * transport sends from: this half hands it work as tasks there ({@link #mediaLoop}) and never touches its
 * state, so a room's fan-out is spread over the loops. For a downlink sent from the first loop both are the
 * SFU thread, and the hand-over is a plain call.
 */
public final class DownlinkSession implements MediaPlane.Downlink, WebRtcTransport.Listener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DownlinkSession.class);

    private final WebRtcTransport transport;
    private final TransportSdp sdp;
    private final MediaPlane.DeathListener death;
    private final Runnable onClose;
    private final List<DownlinkSection> sections = new ArrayList<>();
    private final Map<Long, Subscription> bySsrc = new HashMap<>();
    private final List<Subscription> pendingActivation = new ArrayList<>();
    /** The executor of a media half that runs on the SFU thread: a plain call. */
    public static final Executor SAME_THREAD = Runnable::run;
    /** Runs the media half: the transport's sending loop (a plain call when that is the SFU thread). */
    private final Executor mediaLoop;
    private final SourceAccess sources;
    private final DownlinkMedia media;
    /**
     * The subscriber's RTCP on its way to the media half: a subscriber flooding NACKs or feedback at a loop
     * that is behind would otherwise grow that loop's task queue without bound. What is dropped beyond
     * {@link #MAX_RTCP_IN_FLIGHT} is asked for again (a NACK, a PLI) or sent again anyway (feedback).
     */
    private final dev.parley.sfu.BoundedTasks rtcpToMedia;
    static final int MAX_RTCP_IN_FLIGHT = 256;
    /** Totals of subscriptions that ended, and of feedback received (SFU thread). */
    private final dev.parley.sfu.MediaCounters released = new dev.parley.sfu.MediaCounters();
    private boolean offerPending;
    private boolean dtlsStarted;
    private boolean closed;
    private int nextTrackNumber;
    private boolean rtxAllowed = true;

    public DownlinkSession(WebRtcTransport transport, TransportSdp sdp, MediaClock clock,
                           MediaPlane.DeathListener death, Runnable onClose) {
        this(transport, sdp, clock, death, onClose, SAME_THREAD, SAME_THREAD, SourceAccess.DIRECT);
    }

    /**
     * @param mediaLoop runs the media half on the transport's sending loop ({@link #SAME_THREAD} when that is
     *     the SFU thread)
     * @param sfuThread runs the media half's requests on the SFU thread ({@link #SAME_THREAD} likewise)
     * @param sources how the subscriptions reach their tracks from the media loop
     */
    public DownlinkSession(WebRtcTransport transport, TransportSdp sdp, MediaClock clock,
                           MediaPlane.DeathListener death, Runnable onClose, Executor mediaLoop, Executor sfuThread,
                           SourceAccess sources) {
        this.mediaLoop = mediaLoop;
        this.rtcpToMedia = new dev.parley.sfu.BoundedTasks(mediaLoop, MAX_RTCP_IN_FLIGHT);
        this.sources = sources;
        this.media = new DownlinkMedia(transport, clock, sfuThread, mediaLoop == SAME_THREAD);
        this.transport = transport;
        this.sdp = sdp;
        this.death = death;
        this.onClose = onClose;
    }

    @Override
    public String subscribe(String streamId, MediaPlane.Uplink source, boolean audio, boolean video)
            throws NegotiationException {
        for (MediaKind kind : List.of(MediaKind.AUDIO, MediaKind.VIDEO)) {
            boolean wanted = kind == MediaKind.AUDIO ? audio : video;
            DownlinkSection current = find(streamId, kind);
            List<TrackSource> layers = source.layers(kind);
            if (wanted && current == null && !layers.isEmpty()) {
                TrackSource track = layers.get(0);
                DownlinkSection s = freeDownlinkSection(kind);
                Subscription sub = new Subscription(layers, streamId, streamId + "-"
                        + kind.name().toLowerCase() + "-" + nextTrackNumber++, media, sources);
                s.subscription = sub;
                s.codec = track.codec();
                s.publisherCodec = track.offeredCodec();
                bySsrc.put(sub.ssrc(), sub);
                pendingActivation.add(sub);
                mediaLoop.execute(() -> media.add(sub));
            } else if (!wanted && current != null) {
                release(current);
            }
        }
        return offer();
    }

    @Override
    public String unsubscribe(String streamId) {
        sourceGone(streamId);
        return offer();
    }

    @Override
    public void sourceGone(String streamId) {
        for (DownlinkSection s : sections) {
            if (s.subscription != null && s.subscription.streamId().equals(streamId)) {
                release(s);
            }
        }
    }

    private void release(DownlinkSection s) {
        logRetransmissions(s.subscription);
        released.retransmissionsSent += s.subscription.retransmissions();
        released.layerSwitches += s.subscription.layerSwitches();
        Subscription sub = s.subscription;
        mediaLoop.execute(() -> media.remove(sub));
        bySsrc.remove(sub.ssrc());
        pendingActivation.remove(sub);
        s.subscription = null;
    }

    private void logRetransmissions(Subscription s) {
        if (s.kind() == MediaKind.VIDEO) {
            log.info("{}: {} packets of {} resent on NACK ({})", transport.label(), s.retransmissions(), s.streamId(),
                    s.rtxEnabled() ? "RTX" : "media SSRC");
        }
    }

    private DownlinkSection find(String streamId, MediaKind kind) {
        for (DownlinkSection s : sections) {
            if (s.kind == kind && s.subscription != null && s.subscription.streamId().equals(streamId)) {
                return s;
            }
        }
        return null;
    }

    private DownlinkSection freeDownlinkSection(MediaKind kind) {
        for (DownlinkSection s : sections) {
            if (s.kind == kind && s.subscription == null) {
                return s;
            }
        }
        DownlinkSection s = new DownlinkSection(Integer.toString(sections.size()), kind);
        sections.add(s);
        return s;
    }

    private String offer() {
        List<MediaDescription> media = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        for (DownlinkSection s : sections) {
            mids.add(s.mid);
            media.add(DownlinkOffer.section(sdp, s.mid, s.kind, s.subscription, s.codec, s.publisherCodec));
        }
        offerPending = true;
        return sdp.session(mids).msidSemantic(new dev.parley.media.sdp.MsidSemantic("WMS", List.of("*")))
                .media(media).build().write();
    }

    @Override
    public String restartIce() throws NegotiationException {
        if (closed) {
            throw new NegotiationException("the downlink is closed");
        }
        if (offerPending) {
            throw new NegotiationException("answer the pending downlink offer before restarting ICE");
        }
        sdp.restartIce(transport.restartIce());
        return offer();
    }

    @Override
    public void applyAnswer(SessionDescription answer) throws NegotiationException {
        if (answer.media().size() != sections.size()) {
            throw new NegotiationException("downlink answer has " + answer.media().size()
                    + " sections; the offer had " + sections.size());
        }
        // An offer without sections (a subscription to no track) has nothing to connect yet.
        if (!dtlsStarted && !answer.media().isEmpty()) {
            MediaDescription first = answer.media().get(0);
            DtlsFingerprint fp = WebRtcSdp.remoteFingerprint(answer, first, "downlink answer");
            Optional<Setup> setup = answer.resolvedSetup(first);
            // RFC 5763 §5: the answerer chose; its "active" makes us the DTLS server.
            DtlsRole role = setup.orElse(Setup.ACTIVE) == Setup.PASSIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
            transport.startDtls(fp, role);
            dtlsStarted = true;
        }
        offerPending = false;
        boolean transportWide = false;
        for (MediaDescription m : answer.media()) {
            transportWide |= !m.isRejected() && DownlinkOffer.answerKeptTransportWide(m);
        }
        boolean kept = transportWide;
        mediaLoop.execute(() -> media.transportWideAccepted(kept));
        AnswerFeatures.apply(sections, answer, rtxAllowed, transport.label());
        for (Subscription s : pendingActivation) {
            mediaLoop.execute(s::activate);
        }
        pendingActivation.clear();
    }

    /**
     * Draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: with BUNDLE the extension is one per transport;
     * it is used once any section's answer kept it, and from then on every packet is stamped and the
     * subscriber's transport-cc feedback drives {@link SendSideBandwidthEstimator}.
     */
    /** TRTC's setRemoteVideoStreamType: the small (lowest) layer of this stream, or the big (highest). */
    @Override
    public void setVideoStreamType(String streamId, boolean small) {
        DownlinkSection s = find(streamId, MediaKind.VIDEO);
        if (s != null) {
            Subscription sub = s.subscription;
            mediaLoop.execute(() -> media.wantSmall(sub, small));
        }
    }

    /** Every 100 ms: the layer each video subscription gets. Call it on the media loop ({@link #mediaLoopIndex}). */
    public void allocateLayers() {
        media.allocateLayers();
    }

    /** Every 20 ms: padding while a bandwidth probe runs. On the media loop. */
    public void sendProbePadding() {
        media.sendProbePadding();
    }

    /** The loop the media half runs on, the transport's sending loop (0: the SFU thread's). */
    public int mediaLoopIndex() {
        return transport.sendLoop();
    }

    /** Whether RTX may be used toward this subscriber at all (off only for loss-recovery benchmarks). */
    public void allowRtx(boolean allowed) {
        rtxAllowed = allowed;
        media.allowRtx(allowed);
    }

    @Override
    public boolean offerPending() {
        return offerPending;
    }

    @Override
    public void onConnected(WebRtcTransport t) {
        for (DownlinkSection s : sections) {
            if (s.subscription != null && s.kind == MediaKind.VIDEO) {
                mediaLoop.execute(s.subscription::requestKeyframe);
            }
        }
    }

    @Override
    public void onRtp(WebRtcTransport t, byte[] buf, int off, int len) {
        // A subscriber sends no media on its downlink (our sections are send-only).
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
            if (p instanceof PictureLossIndication pli) {
                released.pictureLossReceived++;
                Subscription s = bySsrc.get(pli.mediaSsrc());
                if (s != null) {
                    toMediaHalf(s::requestKeyframe);
                }
            } else if (p instanceof FullIntraRequest fir) {
                released.pictureLossReceived++;
                for (FullIntraRequest.Entry e : fir.entries()) {
                    Subscription s = bySsrc.get(e.ssrc());
                    if (s != null) {
                        toMediaHalf(s::requestKeyframe);
                    }
                }
            } else if (p instanceof TransportLayerCc feedback) {
                toMediaHalf(() -> media.onFeedback(feedback));
            } else if (p instanceof TransportLayerNack nack) {
                released.nacksReceived++;
                Subscription s = bySsrc.get(nack.mediaSsrc());
                if (s != null) {
                    int[] lost = nack.lostSequenceNumbers();
                    toMediaHalf(() -> media.onNack(s, lost));
                }
            }
        }
    }

    /** The subscriber's RTCP to the media half, unless {@link #MAX_RTCP_IN_FLIGHT} wait there already. SFU thread. */
    private void toMediaHalf(Runnable work) {
        if (mediaLoop == SAME_THREAD) {
            work.run();
        } else if (!rtcpToMedia.execute(work) && rtcpToMedia.refused() % 1000 == 1) {
            log.warn("{}: the subscriber's RTCP is {} packets ahead of its media loop: dropped ({} so far)",
                    transport.label(), MAX_RTCP_IN_FLIGHT, rtcpToMedia.refused());
        }
    }

    @Override
    public void onClosed(WebRtcTransport t, String reason) {
        if (!closed) {
            death.onDead(reason);
        }
    }

    /** Adds this downlink's running totals and, while it is open, its estimate (SFU thread). */
    public void addTo(dev.parley.sfu.MediaCounters c, boolean withEstimate) {
        c.addTotals(released);
        for (DownlinkSection s : sections) {
            if (s.subscription != null) {
                c.retransmissionsSent += s.subscription.retransmissions();
                c.layerSwitches += s.subscription.layerSwitches();
            }
        }
        if (withEstimate) {
            c.addEstimate(estimateBps());
        }
    }

    /** The downlink's bandwidth estimate (bits/s), or -1 when the subscriber gives no transport-cc feedback. */
    long estimateBps() {
        return media.estimateBps();
    }

    /** Whether packets can reach the subscriber now. Any thread. */
    public boolean connected() {
        return media.connected();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DownlinkSection s : sections) {
            if (s.subscription != null) {
                logRetransmissions(s.subscription);
            }
        }
        mediaLoop.execute(media::close);
        transport.close();
        onClose.run();
    }
}
