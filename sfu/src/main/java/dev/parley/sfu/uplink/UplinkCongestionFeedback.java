package dev.parley.sfu.uplink;

import dev.parley.media.rtp.AbsSendTime;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import dev.parley.media.sdp.Extmap;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.RtcpFeedback;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which congestion feedback Parley sends a publisher, chosen from its offer: transport-wide CC
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) when the offer has both the transport-wide
 * sequence number extension and {@code a=rtcp-fb:<pt> transport-cc} on an accepted codec; otherwise REMB
 * (draft-alvestrand-rmcat-remb-03) when the accepted video codec offers {@code goog-remb}; otherwise none.
 * Browsers (Chrome, Firefox, Safari) all offer transport-cc today; REMB is for older or other senders.
 *
 * @param kind              the feedback chosen
 * @param transportWideCcId the extension id of the transport-wide sequence number (BUNDLE makes it one
 *                          id per transport, RFC 8843 §9.1), present with {@link Kind#TRANSPORT_CC}
 */
record UplinkCongestionFeedback(Kind kind, OptionalInt transportWideCcId) {
    enum Kind { TRANSPORT_CC, REMB, NONE }

    static final UplinkCongestionFeedback NONE = new UplinkCongestionFeedback(Kind.NONE, OptionalInt.empty());

    /** An accepted offer section and the codec accepted in it. */
    record Accepted(MediaDescription section, UplinkNegotiation.TrackSpec track) {
    }

    static UplinkCongestionFeedback choose(List<Accepted> accepted) {
        for (Accepted a : accepted) {
            OptionalInt id = a.section().extmapId(TransportWideSequenceNumber.URI);
            if (id.isPresent() && a.track().offered().hasFeedback(RtcpFeedback.TRANSPORT_CC)) {
                return new UplinkCongestionFeedback(Kind.TRANSPORT_CC, id);
            }
        }
        for (Accepted a : accepted) {
            if (a.track().offered().hasFeedback(RtcpFeedback.GOOG_REMB)) {
                return new UplinkCongestionFeedback(Kind.REMB, OptionalInt.empty());
            }
        }
        return NONE;
    }

    /** The feedback the answer accepts on a codec of {@code track} (only what its offer listed). */
    List<RtcpFeedback> codecFeedback(UplinkNegotiation.TrackSpec track) {
        RtcpFeedback wanted = switch (kind) {
            case TRANSPORT_CC -> RtcpFeedback.TRANSPORT_CC;
            case REMB -> RtcpFeedback.GOOG_REMB;
            case NONE -> null;
        };
        return wanted != null && track.offered().hasFeedback(wanted) ? List.of(wanted) : List.of();
    }

    /**
     * The extension the answer accepts in {@code section} for this feedback, with the offered id, if the
     * section offered it: the transport-wide sequence number for transport-cc, abs-send-time for REMB
     * (what a REMB sender expects its receiver to use; Parley's simple estimate does not need it).
     */
    Optional<Extmap> extmap(MediaDescription section) {
        String uri = switch (kind) {
            case TRANSPORT_CC -> TransportWideSequenceNumber.URI;
            case REMB -> AbsSendTime.URI;
            case NONE -> null;
        };
        if (uri == null) {
            return Optional.empty();
        }
        OptionalInt id = section.extmapId(uri);
        return id.isPresent() ? Optional.of(Extmap.of(id.getAsInt(), uri)) : Optional.empty();
    }
}
