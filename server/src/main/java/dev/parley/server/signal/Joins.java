package dev.parley.server.signal;

import dev.parley.server.auth.AuthException;
import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.server.room.Participant;
import dev.parley.server.room.PeerEvents;
import dev.parley.server.room.RoomException;
import dev.parley.server.room.Rooms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a connection comes to speak for a participant, and what it is told then: a join's UserSig (and
 * PrivateMapKey) check, a later PrivateMapKey checked as the join's would be, a resume by token
 * (docs/PROTOCOL.md "Resume"), and the responses to a join and a resume. Owned by one {@link SignalSession},
 * which keeps the state they lead to (its participant, the accepted join); the checks run on the signaling
 * executor, the rest on the SFU thread, as each method says.
 */
final class Joins {
    /** A join whose UserSig was accepted, with what it grants. */
    record Prepared(JoinRequest request, Grant grant) {
    }

    private final SignalContext ctx;
    private final SignalSession.Outbox outbox;
    private final Rooms sfu;

    Joins(SignalContext ctx, SignalSession.Outbox outbox) {
        this.ctx = ctx;
        this.outbox = outbox;
        this.sfu = ctx.sfu();
    }

    /** Signaling executor: the UserSig (and PrivateMapKey) check, and the address's refusal count. */
    Prepared prepare(RequestFrame req) throws SignalException {
        JoinRequest join = JoinRequest.parse(req.data());
        try {
            return new Prepared(join, ctx.authenticator().authorize(join.sdkAppId(), join.userId(),
                    join.userSig(), join.privateMapKey(), join.roomId()));
        } catch (AuthException e) {
            ctx.listener().authRefused(e.reason());
            ctx.addresses().recordFailure(outbox.remoteAddress());
            throw new SignalException(ErrorCode.JOIN_ROOM_FAILED, e.getMessage());
        }
    }

    /**
     * Signaling executor: TRTC's updatePrivateMapKey — the new key checked with the join's UserSig, as
     * a join would check it (a refusal is INVALID_OPERATION: the call goes on with its old privileges).
     *
     * @param joined the session's accepted join, null before one
     */
    Grant prepareGrantUpdate(JoinRequest joined, RequestFrame req) throws SignalException {
        if (joined == null) {
            throw new SignalException(ErrorCode.INVALID_OPERATION, "join a room first");
        }
        String key = Fields.text(req.data(), "privateMapKey");
        try {
            return ctx.authenticator().authorize(joined.sdkAppId(), joined.userId(), joined.userSig(),
                    Optional.of(key), joined.roomId());
        } catch (AuthException e) {
            throw new SignalException(ErrorCode.INVALID_OPERATION, "the new PrivateMapKey was refused: "
                    + e.getMessage());
        }
    }

    /** SFU thread: the response to the join that made {@code p}. */
    Map<String, Object> joinResponse(RequestFrame req, JoinRequest join, Participant p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roomId", RoomIds.json(join.roomId()));
        out.put("userId", join.userId());
        out.put("heartbeatIntervalMs", ctx.heartbeatIntervalMs());
        ctx.turn().ifPresent(t -> out.put("iceServers", List.of(t.iceServer(join.userId()))));
        putContinuity(out, p);
        if (roomStateInResponse(req)) {
            out.put("room", sfu.state(p));
        }
        return out;
    }

    /** {@code "roomState":"response"}: the room comes in the join's response, not as events after it. */
    static boolean roomStateInResponse(RequestFrame req) {
        return req.data() != null && "response".equals(req.data().path("roomState").asText(""));
    }

    /**
     * SFU thread: the participant whose token the request presents, now sending its events to {@code events}. A
     * failed resume counts as a refused join for the address (tokens are not guessable, and guessing is
     * limited like UserSigs).
     */
    Participant resume(RequestFrame req, PeerEvents events) throws SignalException, RoomException {
        String token = Fields.text(req.data(), "token");
        String userId = Fields.text(req.data(), "userId");
        try {
            return sfu.resume(token, userId, events);
        } catch (RoomException e) {
            ctx.addresses().recordFailure(outbox.remoteAddress());
            throw e;
        }
    }

    /** SFU thread: the response to a resume, with the room as it is now. */
    Map<String, Object> resumeResponse(Participant p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roomId", RoomIds.json(p.room().id()));
        out.put("userId", p.userId());
        out.put("heartbeatIntervalMs", ctx.heartbeatIntervalMs());
        putContinuity(out, p);
        out.put("room", sfu.state(p));
        return out;
    }

    private void putContinuity(Map<String, Object> out, Participant p) {
        out.put("resumeToken", sfu.resumeToken(p));
        out.put("reconnectGraceSeconds", ctx.continuity().reconnectGrace().toSeconds());
        out.put("serverId", ctx.continuity().serverId());
    }
}
