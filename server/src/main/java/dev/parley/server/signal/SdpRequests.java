package dev.parley.server.signal;

import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.room.Deferred;
import dev.parley.server.room.Rooms;
import dev.parley.sfu.WebRtcSdp;
import java.util.Map;

/**
 * The requests that carry a client's SDP (docs/PROTOCOL.md): {@code publish} and {@code republish} (an uplink
 * offer → {@code {answer, streamId}}) and {@code downlink-answer}. The SDP is parsed on the signaling executor
 * and its refusal deferred ({@link Deferred}); the call on the {@link Rooms} is the session's, on the SFU thread.
 * {@code restart-ice} is {@link IceRestarts}'.
 */
final class SdpRequests {
    private SdpRequests() {
    }

    static Rooms.PublishRequest preparePublish(RequestFrame req) throws SignalException {
        String offer = Fields.text(req.data(), "offer");
        return new Rooms.PublishRequest(Fields.streamType(req.data()),
                Deferred.of(() -> WebRtcSdp.parse(offer, "publish offer")),
                Fields.bool(req.data(), "audioMuted", false), Fields.bool(req.data(), "videoMuted", false));
    }

    static Object published(Rooms.Published published) {
        return Map.of("answer", published.answerSdp(), "streamId", published.streamId());
    }

    static Deferred<SessionDescription> prepareAnswer(RequestFrame req) throws SignalException {
        String answerSdp = Fields.text(req.data(), "answer");
        return Deferred.of(() -> WebRtcSdp.parse(answerSdp, "downlink answer"));
    }
}
