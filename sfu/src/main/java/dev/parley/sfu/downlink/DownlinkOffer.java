package dev.parley.sfu.downlink;

import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.ForwardedCodec;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.Direction;
import dev.parley.media.sdp.Extmap;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaDescriptionBuilder;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.Msid;
import dev.parley.media.sdp.RtcpFeedback;
import dev.parley.media.sdp.Setup;
import dev.parley.media.sdp.SsrcAttribute;
import dev.parley.media.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Writes one m-section of a downlink offer (JSEP RFC 9429 §5.2.2, subsequent offers included). */
final class DownlinkOffer {
    /**
     * The id of the RFC 6464 audio-level extension in every audio section: one id per URI across the
     * BUNDLE group (RFC 8285 §6, RFC 8843 §9.1), in the one-byte-header range 1..14 (RFC 8285 §4.2).
     */
    static final int AUDIO_LEVEL_ID = 1;
    /**
     * The id of the transport-wide sequence number extension (draft-holmer-rmcat-transport-wide-cc-extensions-01
     * §2) in every section: the server stamps every packet it sends the subscriber and estimates the
     * downlink's bandwidth from the browser's transport-cc feedback.
     */
    static final int TRANSPORT_WIDE_ID = 3;

    private DownlinkOffer() {
    }

    /**
     * Whether the browser's answer section kept our audio-level extmap with the id we offered (RFC 8285 §6:
     * the answerer may only keep or drop an offered extension; a changed id is not ours to send).
     */
    static boolean answerKeptAudioLevel(MediaDescription answer) {
        OptionalInt id = answer.extmapId(AudioLevel.URI);
        return answer.kind() == MediaKind.AUDIO && id.isPresent() && id.getAsInt() == AUDIO_LEVEL_ID;
    }

    /** Whether the answer section kept our transport-wide sequence number extmap with our id (RFC 8285 §6). */
    static boolean answerKeptTransportWide(MediaDescription answer) {
        OptionalInt id = answer.extmapId(TransportWideSequenceNumber.URI);
        return id.isPresent() && id.getAsInt() == TRANSPORT_WIDE_ID;
    }

    /** {@code red/48000/2} with {@code a=fmtp:<red> <pt>/<pt>}: one redundant block of {@code primary}. */
    static Codec red(int payloadType, Codec primary) {
        String pt = Integer.toString(primary.payloadType());
        return new Codec(payloadType, ForwardedCodec.RED, primary.clockRate(), primary.channels(),
                Map.of(pt + "/" + pt, ""), List.of());
    }

    /**
     * Whether the browser's answer section kept our RED format: {@code red} at the payload type we offered
     * (RFC 3264 §6.1: an answer lists the offered formats it will receive, with the offer's payload types).
     */
    static boolean answerKeptRed(MediaDescription answer, int redPayloadType) {
        return answer.kind() == MediaKind.AUDIO && answer.codecs().stream()
                .anyMatch(c -> c.payloadType() == redPayloadType && c.isNamed(ForwardedCodec.RED));
    }

    /**
     * @param subscription the track sent in this section, or null for an inactive section
     * @param codec the forwarded codec; null only for a section that never carried a track
     * @param publisherCodec the codec as the publisher negotiated it (its fmtp parameters are kept)
     */
    static MediaDescription section(TransportSdp sdp, String mid, MediaKind kind, Subscription subscription,
                                    ForwardedCodec codec, Codec publisherCodec) {
        ForwardedCodec c = codec != null ? codec : kind == MediaKind.AUDIO ? ForwardedCodec.OPUS : ForwardedCodec.VP8;
        Map<String, String> fmtp = new LinkedHashMap<>();
        if (publisherCodec != null) {
            fmtp.putAll(publisherCodec.parameters());
        } else if (c == ForwardedCodec.OPUS) {
            fmtp.put("minptime", "10");
        }
        if (c == ForwardedCodec.OPUS) {
            fmtp.put("useinbandfec", "1"); // RFC 7587 §6.1: Opus in-band FEC, whatever the publisher offered
        }
        List<RtcpFeedback> feedback = kind == MediaKind.VIDEO
                ? List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR, RtcpFeedback.TRANSPORT_CC)
                : List.of(RtcpFeedback.TRANSPORT_CC);
        Codec offered = new Codec(c.downlinkPayloadType(), c.sdpName(), c.clockRate(),
                c.channels() > 0 ? OptionalInt.of(c.channels()) : OptionalInt.empty(), fmtp, feedback);
        List<Codec> codecs = new ArrayList<>(List.of(offered));
        // RFC 4588 §8.6: retransmissions on their own payload type and SSRC, paired with a=ssrc-group:FID.
        c.downlinkRtxPayloadType().ifPresent(rtx -> codecs.add(Codec.rtx(rtx, offered)));
        // RFC 2198 §5: redundancy of the forwarded codec only, after it, so the browser keeps the plain codec for
        // what it may send itself; Parley sends RED where the answer kept it (see answerKeptRed).
        c.downlinkRedPayloadType().ifPresent(red -> codecs.add(red(red, offered)));
        MediaDescriptionBuilder b = sdp.section(kind, mid, Setup.ACTPASS)
                .rtcpReducedSize(true)
                .codecs(codecs);
        if (kind == MediaKind.AUDIO) {
            b.addExtmap(Extmap.of(AUDIO_LEVEL_ID, AudioLevel.URI)); // RFC 6464 §4
        }
        b.addExtmap(Extmap.of(TRANSPORT_WIDE_ID, TransportWideSequenceNumber.URI));
        if (subscription == null) {
            return b.direction(Direction.INACTIVE).build();
        }
        String stream = subscription.streamId();
        String track = subscription.trackId();
        long ssrc = subscription.ssrc();
        b.direction(Direction.SENDONLY)
                .addMsid(new Msid(stream, track))
                .addSsrc(new SsrcAttribute(ssrc, SsrcAttribute.CNAME, stream))
                .addSsrc(new SsrcAttribute(ssrc, SsrcAttribute.MSID, stream + " " + track));
        if (c.downlinkRtxPayloadType().isPresent()) {
            long rtxSsrc = subscription.rtxSsrc();
            b.addSsrcGroup(SsrcGroup.fid(ssrc, rtxSsrc))
                    .addSsrc(new SsrcAttribute(rtxSsrc, SsrcAttribute.CNAME, stream))
                    .addSsrc(new SsrcAttribute(rtxSsrc, SsrcAttribute.MSID, stream + " " + track));
        }
        return b.build();
    }
}
