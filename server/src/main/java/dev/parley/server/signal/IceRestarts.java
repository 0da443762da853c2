package dev.parley.server.signal;

import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.room.Deferred;
import dev.parley.server.room.Participant;
import dev.parley.server.room.RoomException;
import dev.parley.server.room.Rooms;
import dev.parley.server.room.StreamType;
import dev.parley.sfu.WebRtcSdp;
import java.util.Map;

/**
 * The {@code restart-ice} request (docs/PROTOCOL.md): {@code {"target":"uplink","type":"main","offer":…}} →
 * {@code {answer}}, or {@code {"target":"downlink"}} → {@code {offer}} (answered with {@code downlink-answer}).
 */
final class IceRestarts {
    /** What the request names, its offer parsed off the SFU thread. */
    record Prepared(boolean uplink, StreamType type, Deferred<SessionDescription> offer) {
    }

    private IceRestarts() {
    }

    static Prepared prepare(RequestFrame req) throws SignalException {
        String target = Fields.text(req.data(), "target");
        switch (target) {
            case "uplink" -> {
                String offer = Fields.text(req.data(), "offer");
                return new Prepared(true, Fields.streamType(req.data()),
                        Deferred.of(() -> WebRtcSdp.parse(offer, "ICE restart offer")));
            }
            case "downlink" -> {
                return new Prepared(false, StreamType.MAIN, null);
            }
            default -> throw new SignalException(ErrorCode.INVALID_PARAMETER,
                    "target must be 'uplink' or 'downlink', got '" + Fields.clip(target) + "'");
        }
    }

    static Object apply(Rooms sfu, Participant participant, Prepared p) throws RoomException {
        if (p.uplink()) {
            return Map.of("answer", sfu.restartUplinkIce(participant, p.type(), p.offer()));
        }
        return Map.of("offer", sfu.restartDownlinkIce(participant));
    }
}
