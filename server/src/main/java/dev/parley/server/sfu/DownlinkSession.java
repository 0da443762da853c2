package dev.parley.server.sfu;

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
import dev.parley.server.signal.ErrorCode;
import dev.parley.server.signal.SignalException;
import java.util.ArrayList;
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
final class DownlinkSession implements MediaPlane.Downlink, WebRtcTransport.Listener, TrackSubscription.Sink {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DownlinkSession.class);

    /** One m-section of the downlink offer. */
    private static final class Section {
        final String mid;
        final MediaKind kind;
        TrackSubscription subscription; // null when inactive
        ForwardedCodec codec;           // last codec, kept for the inactive section's format list
        dev.parley.media.sdp.Codec publisherCodec;

        Section(String mid, MediaKind kind) {
            this.mid = mid;
            this.kind = kind;
        }
    }

    private final WebRtcTransport transport;
    private final TransportSdp sdp;
    private final MediaPlane.DeathListener death;
    private final Runnable onClose;
    private final List<Section> sections = new ArrayList<>();
    private final Map<Long, TrackSubscription> bySsrc = new HashMap<>();
    private final List<TrackSubscription> pendingActivation = new ArrayList<>();
    private final byte[] scratch = new byte[RetransmissionBuffer.SLOT_BYTES + UdpPortMux.HEADROOM];
    private boolean offerPending;
    private boolean dtlsStarted;
    private boolean closed;
    private int nextTrackNumber;
    private boolean rtxAllowed = true;

    DownlinkSession(WebRtcTransport transport, TransportSdp sdp, MediaPlane.DeathListener death, Runnable onClose) {
        this.transport = transport;
        this.sdp = sdp;
        this.death = death;
        this.onClose = onClose;
    }

    @Override
    public String subscribe(String streamId, MediaPlane.Uplink source, boolean audio, boolean video)
            throws SignalException {
        UplinkSession uplink = (UplinkSession) source;
        for (MediaKind kind : List.of(MediaKind.AUDIO, MediaKind.VIDEO)) {
            boolean wanted = kind == MediaKind.AUDIO ? audio : video;
            Section current = find(streamId, kind);
            PublishedTrack track = uplink.track(kind);
            if (wanted && current == null && track != null) {
                Section s = freeSection(kind);
                s.subscription = new TrackSubscription(track, streamId, streamId + "-" + kind.name().toLowerCase()
                        + "-" + nextTrackNumber++, this);
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

    private void logRetransmissions(TrackSubscription s) {
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
    public void applyAnswer(String answerSdp) throws SignalException {
        SessionDescription answer = UplinkNegotiation.parse(answerSdp, "downlink answer");
        if (answer.media().size() != sections.size()) {
            throw new SignalException(ErrorCode.INVALID_PARAMETER, "downlink answer has " + answer.media().size()
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
        enableAcceptedRtx(answer);
        enableAcceptedAudioLevel(answer);
        for (TrackSubscription s : pendingActivation) {
            s.activate();
        }
        pendingActivation.clear();
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

    @Override
    public boolean offerPending() {
        return offerPending;
    }

    @Override
    public void onConnected(WebRtcTransport t) {
        for (Section s : sections) {
            if (s.subscription != null && s.kind == MediaKind.VIDEO) {
                s.subscription.source().requestKeyframe();
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
                TrackSubscription s = bySsrc.get(pli.mediaSsrc());
                if (s != null) {
                    s.source().requestKeyframe();
                }
            } else if (p instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry e : fir.entries()) {
                    TrackSubscription s = bySsrc.get(e.ssrc());
                    if (s != null) {
                        s.source().requestKeyframe();
                    }
                }
            } else if (p instanceof TransportLayerNack nack) {
                TrackSubscription s = bySsrc.get(nack.mediaSsrc());
                if (s != null) {
                    s.onNack(nack.lostSequenceNumbers());
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
