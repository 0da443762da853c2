package dev.parley.sfu.uplink;

import dev.parley.sfu.NegotiationException;
import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.WebRtcSdp;
import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.TrackSource;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.dtls.MalformedFingerprintException;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.Direction;
import dev.parley.media.sdp.Extmap;
import dev.parley.media.sdp.Fingerprint;
import dev.parley.media.rtp.SdesRtpStreamId;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaDescriptionBuilder;
import dev.parley.media.sdp.Rid;
import dev.parley.media.sdp.Simulcast;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.RtcpFeedback;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.sdp.Setup;
import dev.parley.media.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Answers a publisher's offer (JSEP RFC 9429 §5.3): accepts one audio section with Opus and one video
 * section with VP8 or H.264 (the offerer's preference among those), rejects everything else, and
 * describes the accepted tracks for forwarding. It accepts the congestion feedback the offer allows
 * (transport-cc, else REMB: {@link UplinkCongestionFeedback}).
 */
public final class UplinkNegotiation {
    static final String MID_EXTENSION = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /**
     * One accepted published track, as the offer describes it. {@code audioLevelId}: the RFC 6464 extension
     * id the answer accepted (audio only), empty when the offer had none. {@code redPayloadType}: the RFC 2198
     * payload type the answer put first, so the publisher sends its Opus wrapped in RED (audio only), empty
     * when the offer had no usable RED.
     */
    public record TrackSpec(MediaKind kind, String mid, ForwardedCodec codec, int payloadType, OptionalInt rtxPayloadType,
                     Codec offered, OptionalLong ssrc, OptionalLong rtxSsrc, OptionalInt audioLevelId,
                     Optional<SimulcastSpec> simulcast, OptionalInt redPayloadType) {
        /** A track without RED. */
        public TrackSpec(MediaKind kind, String mid, ForwardedCodec codec, int payloadType, OptionalInt rtxPayloadType,
                  Codec offered, OptionalLong ssrc, OptionalLong rtxSsrc, OptionalInt audioLevelId,
                  Optional<SimulcastSpec> simulcast) {
            this(kind, mid, codec, payloadType, rtxPayloadType, offered, ssrc, rtxSsrc, audioLevelId, simulcast,
                    OptionalInt.empty());
        }

        /** A track without simulcast or RED. */
        public TrackSpec(MediaKind kind, String mid, ForwardedCodec codec, int payloadType, OptionalInt rtxPayloadType,
                  Codec offered, OptionalLong ssrc, OptionalLong rtxSsrc, OptionalInt audioLevelId) {
            this(kind, mid, codec, payloadType, rtxPayloadType, offered, ssrc, rtxSsrc, audioLevelId, Optional.empty());
        }

        /** A track without the audio-level extension. */
        public TrackSpec(MediaKind kind, String mid, ForwardedCodec codec, int payloadType, OptionalInt rtxPayloadType,
                  Codec offered, OptionalLong ssrc, OptionalLong rtxSsrc) {
            this(kind, mid, codec, payloadType, rtxPayloadType, offered, ssrc, rtxSsrc, OptionalInt.empty());
        }

        /** The same track with RFC 2198 redundancy on payload type {@code red}. */
        public TrackSpec withRed(int red) {
            return new TrackSpec(kind, mid, codec, payloadType, rtxPayloadType, offered, ssrc, rtxSsrc, audioLevelId,
                    simulcast, OptionalInt.of(red));
        }
    }

    /**
     * RFC 8853 rid-based simulcast accepted on a video section: the rids in the offer's {@code a=simulcast}
     * order, which Parley takes as lowest quality first (the order of the Web SDK's, libwebrtc's and
     * Firefox's {@code sendEncodings}); the RFC 8852 extension ids that tell which rid a packet (or the RTX
     * packet repairing it) belongs to.
     */
    public record SimulcastSpec(List<String> rids, int ridExtensionId, OptionalInt repairedRidExtensionId) {
        public SimulcastSpec {
            rids = List.copyOf(rids);
        }
    }

    /** At most this many simulcast layers are accepted (TRTC's dual stream needs two; three for the future). */
    static final int MAX_LAYERS = TrackSource.MAX_LAYERS;

    public record Result(SessionDescription answer, List<TrackSpec> tracks, DtlsFingerprint remoteFingerprint,
                  DtlsRole localRole, UplinkCongestionFeedback congestion) {
    }

    private UplinkNegotiation() {
    }

    /** The same from the offer's text, checked as signaling checks it ({@link WebRtcSdp}). */
    public static Result answer(String offerSdp, TransportSdp local) throws NegotiationException {
        return answer(WebRtcSdp.parse(offerSdp, "publish offer"), local);
    }

    public static Result answer(SessionDescription offer, TransportSdp local) throws NegotiationException {
        List<Optional<TrackSpec>> perSection = new ArrayList<>();
        List<TrackSpec> tracks = new ArrayList<>();
        List<UplinkCongestionFeedback.Accepted> accepted = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        DtlsFingerprint fingerprint = null;
        DtlsRole role = null;
        for (MediaDescription m : offer.media()) {
            Optional<TrackSpec> track = acceptable(offer, m, tracks);
            perSection.add(track);
            if (track.isEmpty()) {
                continue;
            }
            if (fingerprint == null) {
                fingerprint = WebRtcSdp.remoteFingerprint(offer, m, "publish offer");
                role = localRole(offer.resolvedSetup(m), "publish offer");
                if (!m.rtcpMux()) {
                    throw new NegotiationException(
                            "publish offer must use rtcp-mux (RFC 8858); set rtcpMuxPolicy 'require'");
                }
            }
            tracks.add(track.get());
            accepted.add(new UplinkCongestionFeedback.Accepted(m, track.get()));
            bundle.add(track.get().mid());
        }
        if (tracks.isEmpty()) {
            throw new NegotiationException("publish offer has no sendable audio (Opus) or"
                    + " video (VP8, or H.264 constrained baseline with packetization-mode=1) section");
        }
        UplinkCongestionFeedback congestion = UplinkCongestionFeedback.choose(accepted);
        List<MediaDescription> answerMedia = new ArrayList<>();
        for (int i = 0; i < perSection.size(); i++) {
            MediaDescription m = offer.media().get(i);
            answerMedia.add(perSection.get(i).isPresent()
                    ? answerSection(m, perSection.get(i).get(), local, role, congestion) : TransportSdp.rejected(m));
        }
        SessionDescription answer = local.session(bundle).media(answerMedia).build();
        return new Result(answer, tracks, fingerprint, role, congestion);
    }

    private static Optional<TrackSpec> acceptable(SessionDescription offer, MediaDescription m, List<TrackSpec> so) {
        if (m.isRejected() || !m.isRtp() || m.mid().isEmpty() || !offer.resolvedDirection(m).sends()) {
            return Optional.empty();
        }
        if (m.kind() != MediaKind.AUDIO && m.kind() != MediaKind.VIDEO
                || so.stream().anyMatch(t -> t.kind() == m.kind())) {
            return Optional.empty(); // one track per kind in an uplink
        }
        // Parley's preference, not the offerer's: VP8 before H.264, because every browser decodes VP8 while
        // some cannot decode H.264 (Debian's Firefox has no OpenH264), and there is no transcoding.
        for (ForwardedCodec preferred : ForwardedCodec.values()) {
            if (preferred.kind() != m.kind()) {
                continue;
            }
            for (Codec c : m.codecs()) {
                if (ForwardedCodec.accept(c).equals(Optional.of(preferred))) {
                    return Optional.of(track(m, c, preferred));
                }
            }
        }
        return Optional.empty();
    }

    private static TrackSpec track(MediaDescription m, Codec c, ForwardedCodec codec) {
        OptionalInt rtx = m.rtxPayloadType(c.payloadType());
        OptionalLong ssrc = OptionalLong.empty();
        OptionalLong rtxSsrc = OptionalLong.empty();
        List<Long> ssrcs = m.ssrcIds();
        Optional<SsrcGroup> fid = m.ssrcGroups().stream().filter(SsrcGroup::isFid).findFirst();
        if (fid.isPresent() && fid.get().ssrcs().size() == 2) {
            ssrc = OptionalLong.of(fid.get().ssrcs().get(0));
            rtxSsrc = OptionalLong.of(fid.get().ssrcs().get(1));
        } else if (!ssrcs.isEmpty()) {
            ssrc = OptionalLong.of(ssrcs.get(0));
        }
        // RFC 6464 §4 / RFC 8285 §5: the answer keeps the offerer's id, so packets arrive with it.
        OptionalInt audioLevel = m.kind() == MediaKind.AUDIO ? m.extmapId(AudioLevel.URI) : OptionalInt.empty();
        Optional<SimulcastSpec> simulcast = simulcast(m);
        if (simulcast.isPresent()) {
            ssrc = OptionalLong.empty(); // layers are bound to SSRCs by the rid extension of their packets
            rtxSsrc = OptionalLong.empty();
        }
        return new TrackSpec(m.kind(), m.mid().get(), codec, c.payloadType(), rtx, c, ssrc, rtxSsrc, audioLevel,
                simulcast, codec == ForwardedCodec.OPUS ? redFor(m, c.payloadType()) : OptionalInt.empty());
    }

    /**
     * RFC 2198 §5: a {@code red/48000/2} format whose fmtp lists only the accepted Opus payload type
     * ({@code a=fmtp:63 111/111}, Chrome's and Safari's offer). Redundancy naming anything else (another
     * codec, or no fmtp at all) could carry blocks a subscriber was never offered, and is declined.
     */
    static OptionalInt redFor(MediaDescription m, int opusPayloadType) {
        String opus = Integer.toString(opusPayloadType);
        for (Codec c : m.codecs()) {
            if (!c.isNamed(ForwardedCodec.RED) || c.clockRate() != ForwardedCodec.OPUS.clockRate()
                    || c.parameters().size() != 1) {
                continue;
            }
            Map.Entry<String, String> only = c.parameters().entrySet().iterator().next();
            if (!only.getValue().isEmpty()) {
                continue;
            }
            boolean onlyOpus = true;
            for (String pt : only.getKey().split("/", -1)) {
                onlyOpus &= pt.strip().equals(opus);
            }
            if (onlyOpus) {
                return OptionalInt.of(c.payloadType());
            }
        }
        return OptionalInt.empty();
    }

    /**
     * RFC 8853 §5.3: simulcast is accepted when a video section sends two or more rids (RFC 8851 §4, direction
     * send) and offers the RtpStreamId extension (RFC 8852 §3.1), without which packets cannot be told apart.
     * Anything else is answered without simulcast, and the browser then sends one encoding.
     */
    private static Optional<SimulcastSpec> simulcast(MediaDescription m) {
        if (m.kind() != MediaKind.VIDEO || m.simulcast().isEmpty()) {
            return Optional.empty();
        }
        OptionalInt ridId = m.extmapId(SdesRtpStreamId.URI);
        List<String> sent = new ArrayList<>();
        for (String rid : m.simulcast().get().sendRids()) {
            boolean declared = m.rids().stream().anyMatch(r -> r.id().equals(rid) && r.direction() == Rid.Direction.SEND);
            if (declared && !sent.contains(rid) && sent.size() < MAX_LAYERS) {
                sent.add(rid);
            }
        }
        if (ridId.isEmpty() || sent.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new SimulcastSpec(sent, ridId.getAsInt(), m.extmapId(SdesRtpStreamId.REPAIRED_URI)));
    }

    private static MediaDescription answerSection(MediaDescription m, TrackSpec t, TransportSdp local, DtlsRole role,
                                                  UplinkCongestionFeedback congestion) {
        List<Codec> codecs = new ArrayList<>();
        List<RtcpFeedback> feedback = new ArrayList<>(t.kind() == MediaKind.VIDEO
                ? List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR) : List.of());
        feedback.addAll(congestion.codecFeedback(t));
        Codec accepted = t.offered().withFeedback(feedback);
        if (t.codec() == ForwardedCodec.OPUS) {
            accepted = accepted.withParameter("useinbandfec", "1"); // RFC 7587 §6.1: ask for in-band FEC
        }
        // RFC 2198 §5 / RFC 3264 §6.1: the answer's first format is the one the browser sends with; RED first
        // makes it wrap its Opus (libwebrtc then sends RED from the start, the Opus PT inside its blocks).
        t.redPayloadType().ifPresent(red -> m.codecs().stream().filter(c -> c.payloadType() == red).findFirst()
                .ifPresent(c -> codecs.add(c.withFeedback(List.of()))));
        codecs.add(accepted);
        if (t.rtxPayloadType().isPresent()) {
            codecs.add(Codec.rtx(t.rtxPayloadType().getAsInt(), t.offered()));
        }
        List<Extmap> extmaps = new ArrayList<>();
        m.extmapId(MID_EXTENSION).ifPresent(id -> extmaps.add(Extmap.of(id, MID_EXTENSION)));
        congestion.extmap(m).ifPresent(extmaps::add);
        t.audioLevelId().ifPresent(id -> extmaps.add(Extmap.of(id, AudioLevel.URI)));
        MediaDescriptionBuilder b = local.section(m.kind(), t.mid(), role == DtlsRole.SERVER ? Setup.PASSIVE : Setup.ACTIVE)
                .direction(Direction.RECVONLY)
                .rtcpReducedSize(m.rtcpReducedSize())
                .codecs(codecs);
        t.simulcast().ifPresent(sc -> {
            // RFC 8853 §5.3 / RFC 8851 §4: the answer receives each accepted rid, in the offer's order.
            extmaps.add(answerExtmap(m, sc.ridExtensionId(), SdesRtpStreamId.URI));
            sc.repairedRidExtensionId().ifPresent(id -> extmaps.add(answerExtmap(m, id, SdesRtpStreamId.REPAIRED_URI)));
            for (String rid : sc.rids()) {
                b.addRid(Rid.of(rid, Rid.Direction.RECV));
            }
            b.simulcast(Simulcast.receiving(sc.rids()));
        });
        return b.extmaps(extmaps).build();
    }

    /** RFC 8285 §7: an extension the offer marked {@code sendonly} (Firefox's rids) is answered {@code recvonly}. */
    private static Extmap answerExtmap(MediaDescription offer, int id, String uri) {
        Optional<Direction> offered = offer.extmaps().stream().filter(e -> e.id() == id).findFirst()
                .flatMap(Extmap::direction);
        return new Extmap(id, offered.map(Direction::reversed), uri, "");
    }

    /** RFC 5763 §5: the answerer to {@code actpass} picks; Parley is passive (the DTLS server) when it can. */
    static DtlsRole localRole(Optional<Setup> remoteSetup, String what) throws NegotiationException {
        Setup s = remoteSetup.orElse(Setup.ACTPASS);
        return switch (s) {
            case ACTPASS, ACTIVE -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            default -> throw new NegotiationException(
                    what + ": a=setup:" + s.sdpName() + " is not supported");
        };
    }
}
