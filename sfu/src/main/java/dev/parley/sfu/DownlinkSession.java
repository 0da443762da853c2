package dev.parley.sfu;

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
import dev.parley.media.transport.UdpPortMux;
import dev.parley.media.transport.WebRtcTransport;
import dev.parley.media.cc.SendSideBandwidthEstimator;
import dev.parley.media.rtcp.TransportLayerCc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A subscriber's single downlink connection. The server offers; each (un)subscription renegotiates.
 * Sections are never rejected: an unsubscribed section becomes {@code a=inactive} and is reused by the
 * next subscription of its kind, so the transport survives the last unsubscription. SFU thread only.
 */
final class DownlinkSession implements MediaPlane.Downlink, WebRtcTransport.Listener, Subscription.Sink {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DownlinkSession.class);

    /** One m-section of the downlink offer. */
    private static final class Section {
        final String mid;
        final MediaKind kind;
        Subscription subscription; // null when inactive
        LayerChooser chooser = new LayerChooser();
        ForwardedCodec codec;           // last codec, kept for the inactive section's format list
        dev.parley.media.sdp.Codec publisherCodec;

        Section(String mid, MediaKind kind) {
            this.mid = mid;
            this.kind = kind;
        }
    }

    // Bounds of the downlink estimate: TRTC's smallest small stream up to above its 4K profile.
    private static final long ESTIMATE_MIN_BPS = 50_000;
    private static final long ESTIMATE_MAX_BPS = 20_000_000;
    // Optimistic start: a subscriber sees the layer it asked for at once, and the estimator brings it down
    // within a second or two if the downlink cannot carry it (a start on the small layer would show every
    // new subscriber a blurred picture first).
    private static final long ESTIMATE_START_BPS = 2_000_000;
    private static final int SRTP_TAG_BYTES = 16;
    private static final int PADDING_PER_PACKET = 224; // libwebrtc's largest padding packet payload

    private final WebRtcTransport transport;
    private final TransportSdp sdp;
    private final MediaPlane.DeathListener death;
    private final Runnable onClose;
    private final List<Section> sections = new ArrayList<>();
    private final Map<Long, Subscription> bySsrc = new HashMap<>();
    private final List<Subscription> pendingActivation = new ArrayList<>();
    private final byte[] scratch = new byte[RetransmissionBuffer.SLOT_BYTES + DownlinkExtensions.MAX_BLOCK
            + RtxEncapsulation.OVERHEAD + UdpPortMux.HEADROOM];
    private final Clock clock;
    /** TRTC's setRemoteVideoStreamType: streams this subscriber wants as the small stream. */
    private final Set<String> smallWanted = new HashSet<>();
    // Downlink congestion control, once the subscriber's answer kept the transport-wide extension.
    private int transportWideId = -1;
    private int transportWideSeq;
    private SendSideBandwidthEstimator estimator;
    private final DownlinkProbe probe = new DownlinkProbe();
    private final long[] layerBps = new long[UplinkNegotiation.MAX_LAYERS];
    private final boolean[] layerActive = new boolean[UplinkNegotiation.MAX_LAYERS];
    private long retransmitTokens;
    private long retransmitRefillNanos;
    private boolean offerPending;
    private boolean dtlsStarted;
    private boolean closed;
    private int nextTrackNumber;
    private boolean rtxAllowed = true;

    DownlinkSession(WebRtcTransport transport, TransportSdp sdp, Clock clock, MediaPlane.DeathListener death,
                    Runnable onClose) {
        this.clock = clock;
        this.transport = transport;
        this.sdp = sdp;
        this.death = death;
        this.onClose = onClose;
    }

    @Override
    public String subscribe(String streamId, MediaPlane.Uplink source, boolean audio, boolean video)
            throws NegotiationException {
        UplinkSession uplink = (UplinkSession) source;
        for (MediaKind kind : List.of(MediaKind.AUDIO, MediaKind.VIDEO)) {
            boolean wanted = kind == MediaKind.AUDIO ? audio : video;
            Section current = find(streamId, kind);
            UplinkTrack track = uplink.track(kind);
            if (wanted && current == null && track != null) {
                Section s = freeSection(kind);
                s.subscription = new Subscription(uplink.layers(kind), streamId, streamId + "-"
                        + kind.name().toLowerCase() + "-" + nextTrackNumber++, this);
                s.chooser = new LayerChooser();
                if (smallWanted.contains(streamId)) {
                    s.subscription.selectLayer(0);
                }
                s.codec = track.codec();
                s.publisherCodec = track.spec().offered();
                bySsrc.put(s.subscription.ssrc(), s.subscription);
                pendingActivation.add(s.subscription);
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
        smallWanted.remove(streamId); // the Rooms sets it again on the next subscription (Participant keeps it)
        for (Section s : sections) {
            if (s.subscription != null && s.subscription.streamId().equals(streamId)) {
                release(s);
            }
        }
    }

    private void release(Section s) {
        logRetransmissions(s.subscription);
        s.subscription.detach();
        bySsrc.remove(s.subscription.ssrc());
        pendingActivation.remove(s.subscription);
        s.subscription = null;
    }

    private void logRetransmissions(Subscription s) {
        if (s.kind() == MediaKind.VIDEO) {
            log.info("{}: {} packets of {} resent on NACK ({})", transport.label(), s.retransmissions(), s.streamId(),
                    s.rtxEnabled() ? "RTX" : "media SSRC");
        }
    }

    private Section find(String streamId, MediaKind kind) {
        for (Section s : sections) {
            if (s.kind == kind && s.subscription != null && s.subscription.streamId().equals(streamId)) {
                return s;
            }
        }
        return null;
    }

    private Section freeSection(MediaKind kind) {
        for (Section s : sections) {
            if (s.kind == kind && s.subscription == null) {
                return s;
            }
        }
        Section s = new Section(Integer.toString(sections.size()), kind);
        sections.add(s);
        return s;
    }

    private String offer() {
        List<MediaDescription> media = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        for (Section s : sections) {
            mids.add(s.mid);
            media.add(DownlinkOffer.section(sdp, s.mid, s.kind, s.subscription, s.codec, s.publisherCodec));
        }
        offerPending = true;
        return sdp.session(mids).msidSemantic(new dev.parley.media.sdp.MsidSemantic("WMS", List.of("*")))
                .media(media).build().write();
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
            DtlsFingerprint fp = UplinkNegotiation.remoteFingerprint(answer, first, "downlink answer");
            Optional<Setup> setup = answer.resolvedSetup(first);
            // RFC 5763 §5: the answerer chose; its "active" makes us the DTLS server.
            DtlsRole role = setup.orElse(Setup.ACTIVE) == Setup.PASSIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
            transport.startDtls(fp, role);
            dtlsStarted = true;
        }
        offerPending = false;
        enableAcceptedTransportWide(answer);
        enableAcceptedRtx(answer);
        enableAcceptedAudioLevel(answer);
        enableAcceptedRed(answer);
        for (Subscription s : pendingActivation) {
            s.activate();
        }
        pendingActivation.clear();
    }

    /**
     * Draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: with BUNDLE the extension is one per transport;
     * it is used once any section's answer kept it, and from then on every packet is stamped and the
     * subscriber's transport-cc feedback drives {@link SendSideBandwidthEstimator}.
     */
    private void enableAcceptedTransportWide(SessionDescription answer) {
        boolean kept = false;
        for (MediaDescription m : answer.media()) {
            kept |= !m.isRejected() && DownlinkOffer.answerKeptTransportWide(m);
        }
        if (kept && estimator == null) {
            estimator = new SendSideBandwidthEstimator(ESTIMATE_MIN_BPS, ESTIMATE_MAX_BPS, ESTIMATE_START_BPS);
            transportWideSeq = java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000);
        }
        transportWideId = kept ? DownlinkOffer.TRANSPORT_WIDE_ID : -1;
    }

    /** TRTC's setRemoteVideoStreamType: the small (lowest) layer of this stream, or the big (highest). */
    @Override
    public void setVideoStreamType(String streamId, boolean small) {
        if (small) {
            smallWanted.add(streamId);
        } else {
            smallWanted.remove(streamId);
        }
        Section s = find(streamId, MediaKind.VIDEO);
        if (s != null) {
            s.chooser = new LayerChooser();
            allocateLayers();
        }
    }

    /**
     * Every 100 ms (and on a stream-type change): which simulcast layer each video subscription gets. Each
     * takes the highest active layer up to the one it wants (the big one unless setRemoteVideoStreamType
     * asked for small) that fits in what the bandwidth estimate leaves after audio and the streams before
     * it ({@link LayerChooser}: headroom up, hysteresis down). When a subscription is held below what it
     * wants, padding probes are scheduled ({@link DownlinkProbe}).
     */
    void allocateLayers() {
        if (closed) {
            return;
        }
        long now = clock.millis();
        long budget = estimator != null ? estimator.estimateBps() : Long.MAX_VALUE;
        long needed = 0;
        boolean constrained = false;
        for (Section s : sections) {
            if (s.subscription != null && s.kind == MediaKind.AUDIO) {
                long b = s.subscription.source().bitrateBps();
                budget -= b;
                needed += b;
            }
        }
        for (Section s : sections) {
            if (s.subscription == null || s.kind != MediaKind.VIDEO) {
                continue;
            }
            Subscription sub = s.subscription;
            List<UplinkTrack> layers = sub.layers();
            int n = layers.size();
            for (int i = 0; i < n; i++) {
                layerBps[i] = layers.get(i).bitrateBps();
                layerActive[i] = layers.get(i).active(now);
            }
            int cap = smallWanted.contains(sub.streamId()) ? 0 : n - 1;
            int wanted = LayerChooser.wanted(layerActive, cap, n);
            int chosen = s.chooser.choose(layerBps, layerActive, n, cap, sub.targetLayer(), budget);
            if (chosen != sub.targetLayer()) {
                log.info("{}: {} video to layer {} ({} kbit/s; wanted layer {}, downlink estimate {} kbit/s)",
                        transport.label(), sub.streamId(), layers.get(chosen).rid(), layerBps[chosen] / 1000,
                        layers.get(wanted).rid(), estimator != null ? estimator.estimateBps() / 1000 : -1);
            }
            sub.selectLayer(chosen);
            sub.keyframeTick(now);
            budget -= layerBps[chosen];
            needed += layerBps[wanted];
            constrained |= chosen < wanted;
        }
        if (estimator != null) {
            probe.consider(now, constrained && rtxAllowed, needed);
        }
    }

    private long lastPaddingMs = -1;

    /**
     * Every 20 ms during a probe cluster: RTP padding on a video subscription's RTX stream (RFC 4588 with an
     * empty payload, as libwebrtc probes), stamped with transport-wide sequence numbers like any packet.
     */
    void sendProbePadding() {
        long now = clock.millis();
        long elapsed = lastPaddingMs < 0 ? 20 : Math.min(100, now - lastPaddingMs);
        lastPaddingMs = now;
        if (closed || estimator == null || !connected() || probe.cluster(now) < 0) {
            return;
        }
        Subscription carrier = null;
        long mediaBps = 0;
        for (Section s : sections) {
            if (s.subscription != null) {
                mediaBps += s.subscription.source().bitrateBps();
                if (s.kind == MediaKind.VIDEO && s.subscription.rtxEnabled() && s.subscription.currentLayer() >= 0) {
                    carrier = s.subscription;
                }
            }
        }
        if (carrier == null) {
            return;
        }
        long bytes = probe.paddingBytes(now, elapsed, mediaBps);
        while (bytes > 0) {
            int padding = (int) Math.min(PADDING_PER_PACKET, Math.max(bytes, 32));
            int n = carrier.writePadding(scratch, padding, transportWideId);
            sendRtp(scratch, 0, n, RtxEncapsulation.TRANSPORT_WIDE_SEQ_AT);
            bytes -= n;
        }
    }

    /** Whether RTX may be used toward this subscriber at all (off only for loss-recovery benchmarks). */
    void allowRtx(boolean allowed) {
        rtxAllowed = allowed;
    }

    /** RFC 4588 §8.6: RTX is used toward the subscriber only where its answer kept our RTX format. */
    private void enableAcceptedRtx(SessionDescription answer) {
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (!rtxAllowed || s.subscription == null || s.codec == null || s.codec.downlinkRtxPayloadType().isEmpty()) {
                continue;
            }
            int rtx = s.codec.downlinkRtxPayloadType().getAsInt();
            OptionalInt accepted = answer.media().get(i).rtxPayloadType(s.codec.downlinkPayloadType());
            if (accepted.isPresent() && accepted.getAsInt() == rtx) {
                s.subscription.enableRtx(rtx);
            }
        }
    }

    /** RFC 8285 §6 / RFC 6464 §4: the audio level goes only into sections whose answer kept our extmap. */
    private void enableAcceptedAudioLevel(SessionDescription answer) {
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (s.subscription == null || s.kind != MediaKind.AUDIO) {
                continue;
            }
            if (DownlinkOffer.answerKeptAudioLevel(answer.media().get(i))) {
                s.subscription.enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
            } else {
                s.subscription.disableAudioLevel();
            }
        }
    }

    /** RFC 2198: RED goes only into audio sections whose answer kept our RED format; elsewhere its primary. */
    private void enableAcceptedRed(SessionDescription answer) {
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (s.subscription == null || s.codec == null || s.codec.downlinkRedPayloadType().isEmpty()) {
                continue;
            }
            MediaDescription m = answer.media().get(i);
            if (!m.isRejected() && DownlinkOffer.answerKeptRed(m, s.codec.downlinkRedPayloadType().getAsInt())) {
                if (!s.subscription.redEnabled()) {
                    log.info("{}: audio of {} goes as RED where the publisher sends it (RFC 2198)", transport.label(),
                            s.subscription.streamId());
                }
                s.subscription.enableRed();
            } else {
                s.subscription.disableRed();
            }
        }
    }

    @Override
    public boolean offerPending() {
        return offerPending;
    }

    @Override
    public void onConnected(WebRtcTransport t) {
        for (Section s : sections) {
            if (s.subscription != null && s.kind == MediaKind.VIDEO) {
                s.subscription.requestKeyframe();
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
                Subscription s = bySsrc.get(pli.mediaSsrc());
                if (s != null) {
                    s.requestKeyframe();
                }
            } else if (p instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry e : fir.entries()) {
                    Subscription s = bySsrc.get(e.ssrc());
                    if (s != null) {
                        s.requestKeyframe();
                    }
                }
            } else if (p instanceof TransportLayerCc feedback) {
                if (estimator != null) {
                    estimator.onFeedback(feedback, System.nanoTime() / 1000);
                }
            } else if (p instanceof TransportLayerNack nack) {
                Subscription s = bySsrc.get(nack.mediaSsrc());
                if (s != null) {
                    s.onNack(nack.lostSequenceNumbers(), clock.millis(), retransmitSpacingMs());
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

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        transport.sendRtp(buf, off, len);
    }

    /** Stamps the transport-wide sequence number and records the packet for the estimator, then sends. */
    @Override
    public void sendRtp(byte[] buf, int off, int len, int transportWideSeqAt) {
        if (transportWideSeqAt >= 0 && estimator != null) {
            int seq = transportWideSeq;
            transportWideSeq = (transportWideSeq + 1) & 0xFFFF;
            dev.parley.media.rtp.BigEndian.putUint16(buf, off + transportWideSeqAt, seq);
            // The size the network carries: the SRTP tag is added by the transport (10 or 16 bytes).
            estimator.onPacketSent(seq, len + SRTP_TAG_BYTES, System.nanoTime() / 1000,
                    probe.cluster(clock.millis()));
        }
        transport.sendRtp(buf, off, len);
    }

    /** RTT-spaced NACK answers: the downlink's round trip from its feedback, 20 ms..500 ms, 50 ms unknown. */
    private long retransmitSpacingMs() {
        long rtt = estimator != null ? estimator.rttMicros() : -1;
        return rtt < 0 ? 50 : Math.max(20, Math.min(500, rtt / 1000));
    }

    /**
     * Retransmissions may use a quarter of the downlink estimate (at least 100 kbit/s), in a bucket holding
     * 200 ms of it: recovery must not crowd out the media it recovers on a link already losing packets.
     */
    @Override
    public boolean mayRetransmit(int bytes) {
        if (estimator == null) {
            return true;
        }
        long now = System.nanoTime();
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

    @Override
    public int transportWideId() {
        return estimator != null ? transportWideId : -1;
    }

    /** The downlink's bandwidth estimate (bits/s), or -1 when the subscriber gives no transport-cc feedback. */
    long estimateBps() {
        return estimator != null ? estimator.estimateBps() : -1;
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        transport.sendRtcp(buf, off, len);
    }

    @Override
    public byte[] scratch() {
        return scratch;
    }

    @Override
    public boolean connected() {
        return !closed && transport.isConnected();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Section s : sections) {
            if (s.subscription != null) {
                logRetransmissions(s.subscription);
                s.subscription.detach();
            }
        }
        transport.close();
        onClose.run();
    }
}
